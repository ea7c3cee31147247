using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using MiniApiServer.Controllers.DaemonSets;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Rollouts.RolloutFixture;

namespace MiniApiServer.IntegrationTests.Rollouts;

/// <summary>test/e2e/apps/controller_revision.go "should manage the lifecycle of a ControllerRevision" (§6.3).</summary>
public sealed class ControllerRevisionLifecycleTests
{
    [Fact]
    public async Task ControllerRevision_Lifecycle()
    {
        await using var server = Start(nodes: 2);
        var client = server.Client;
        var name = $"e2e-{Guid.NewGuid().ToString("N")[..5]}-daemon-set";
        var label = $"daemonset-name={name}";
        var manifest = DaemonSet(name, NewImage);
        manifest.Metadata.Labels = new Dictionary<string, string> { ["daemonset-name"] = name };
        var ds = await CreateAsync(client, manifest);
        await WaitRunningOnAllNodesAsync(client, ds);
        await CheckDaemonStatusAsync(client, name);
        Assert.Single((await client.ListDaemonSetForAllNamespacesAsync(labelSelector: label)).Items);

        // 2. One revision cluster-wide, controlled by the DaemonSet.
        var initial = Assert.Single((await client.ListControllerRevisionForAllNamespacesAsync(labelSelector: label)).Items);
        Assert.Equal("DaemonSet", initial.Metadata.OwnerReferences[0].Kind);
        Assert.Equal(ds.Metadata.Uid, initial.Metadata.OwnerReferences[0].Uid);
        initial = await client.ReadNamespacedControllerRevisionAsync(initial.Metadata.Name, Namespace);

        // 3. Patch a label onto it.
        var patched = await client.PatchNamespacedControllerRevisionAsync(
            new V1Patch("""{"metadata":{"labels":{""" + System.Text.Json.JsonSerializer.Serialize(initial.Metadata.Name) + """:"patched"}}}""", V1Patch.PatchType.StrategicMergePatch), initial.Metadata.Name, Namespace);
        Assert.Equal("patched", patched.Metadata.Labels[initial.Metadata.Name]);

        // 4. A second revision with the same data, revision + 1, named with the hash of the next template.
        ds = await GetAsync(client, name);
        var next = await GetAsync(client, name);
        next.Spec.Template.Spec.TerminationGracePeriodSeconds = 1;
        var nextHash = DaemonSetHistory.Hash(next);
        var duplicate = await client.CreateNamespacedControllerRevisionAsync(new V1ControllerRevision
        {
            Metadata = new V1ObjectMeta
            {
                Name = $"{name}-{nextHash}",
                Labels = new Dictionary<string, string>(ds.Spec.Template.Metadata.Labels) { [DaemonPods.RevisionHashLabel] = nextHash },
                Annotations = ds.Metadata.Annotations,
                OwnerReferences = [DaemonPodTemplate.OwnerRef(ds)],
            },
            Data = initial.Data,
            Revision = initial.Revision + 1,
        }, Namespace);

        // 5. Upstream polls for 2 revisions and then deletes the initial one. Both now match the template, and
        // this in-process controller dedups at once (dedupCurHistories keeps the higher revision and deletes the
        // other), so it may win the race the e2e test relies on losing (daemonset-semantics.md §0.9): the DELETE
        // then meets 404. Either way exactly the duplicate must remain, and the pods must carry its hash.
        var seen = await Eventually.Get(() => RevisionsAsync(client, ds), revs => revs.Count is 1 or 2, what: "revisions listed");
        if (seen.Count == 2)
        {
            try
            {
                await client.DeleteNamespacedControllerRevisionAsync(initial.Metadata.Name, Namespace);
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.NotFound)
            {
            }
        }
        var remaining = Assert.Single(await WaitForHistoryCreatedAsync(client, ds, 1));
        Assert.Equal(duplicate.Metadata.Name, remaining.Metadata.Name);
        await Eventually.Get(() => PodsAsync(client, ds), pods => pods.All(p => Hash(p.Metadata) == nextHash), what: "pods relabelled to the kept revision");

        // 6. Update the remaining revision with a label.
        var updatedName = remaining.Metadata.Name;
        for (var attempt = 0; ; attempt++)
        {
            var rev = await client.ReadNamespacedControllerRevisionAsync(updatedName, Namespace);
            rev.Metadata.Labels[updatedName] = "updated";
            try
            {
                Assert.Equal("updated", (await client.ReplaceNamespacedControllerRevisionAsync(rev, updatedName, Namespace)).Metadata.Labels[updatedName]);
                break;
            }
            catch (HttpOperationException ex) when (ex.Response.StatusCode == HttpStatusCode.Conflict && attempt < 10)
            {
            }
        }

        // 7. Patch the template (with the e2e's misplaced top-level updateStrategy key, which must be ignored).
        // Its hash is the name the duplicate took, with different data: a collision, so collisionCount goes to 1.
        await client.PatchNamespacedDaemonSetAsync(new V1Patch(
            """{"spec":{"template":{"spec":{"terminationGracePeriodSeconds":1}}},"updateStrategy":{"type":"RollingUpdate"}}""", V1Patch.PatchType.StrategicMergePatch), name, Namespace);
        var revisions = await WaitForHistoryCreatedAsync(client, ds, 2);
        ds = await GetAsync(client, name);
        Assert.Equal(3, CurHistory(ds, revisions).Revision);
        Assert.Equal(1, ds.Status.CollisionCount);

        // 8. DeleteCollection by the "updated" label leaves only revision 3.
        await client.DeleteCollectionNamespacedControllerRevisionAsync(Namespace, labelSelector: $"{updatedName}=updated");
        await WaitForHistoryCreatedAsync(client, ds, 1);
        var last = Assert.Single((await client.ListNamespacedControllerRevisionAsync(Namespace)).Items);
        Assert.Equal(3, last.Revision);
    }
}
