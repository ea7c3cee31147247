using k8s;
using k8s.Models;
using MiniApiServer.Controllers.DaemonSets;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Rollouts.RolloutFixture;

namespace MiniApiServer.IntegrationTests.Rollouts;

/// <summary>test/integration/daemonset/daemonset_test.go: hash collisions and duplicate current revisions (§6.5).</summary>
public sealed class RevisionHistoryIntegrationTests
{
    [Fact]
    public async Task LaunchWithHashCollision_BumpsCollisionCountAndRollsOut()
    {
        await using var server = Start(nodes: 1);
        var client = server.Client;
        var ds = await CreateAsync(client, DaemonSet("foo", strategy: RollingUpdate()));
        var revision = Assert.Single(await WaitForHistoryCreatedAsync(client, ds, 1));
        ds = await GetAsync(client, ds.Metadata.Name);
        var oldCollisionCount = ds.Status.CollisionCount ?? 0;

        // A "fake" revision under the name the next template will hash to, holding the old data.
        var fakeRevision = await CreateFakeRevisionAsync(client, ds, revision);

        ds = await UpdateAsync(client, ds.Metadata.Name, d => d.Spec.Template.Spec.TerminationGracePeriodSeconds = 1);
        await Eventually.Get(() => PodsAsync(client, ds), pods => pods.Any(p => p.Spec.TerminationGracePeriodSeconds == 1), what: "pod with the latest spec");
        ds = await Eventually.Get(() => GetAsync(client, ds.Metadata.Name), d => (d.Status.CollisionCount ?? 0) == oldCollisionCount + 1, what: "collisionCount bumped");
        var current = CurHistory(ds, await RevisionsAsync(client, ds));
        Assert.NotEqual(fakeRevision.Metadata.Name, current.Metadata.Name);
    }

    [Fact]
    public async Task DedupCurHistories_RelabelsPodsAndKeepsHigherRevision()
    {
        await using var server = Start(nodes: 1);
        var client = server.Client;
        var ds = await CreateAsync(client, DaemonSet("foo", strategy: RollingUpdate()));
        var revision = Assert.Single(await WaitForHistoryCreatedAsync(client, ds, 1));
        await WaitRunningOnAllNodesAsync(client, ds);
        ds = await GetAsync(client, ds.Metadata.Name);

        var duplicate = await CreateFakeRevisionAsync(client, ds, revision);
        var newHash = Hash(duplicate.Metadata)!;
        // Upstream adds a node to make sure the controller syncs.
        await client.CreateNodeAsync(new V1Node
        {
            Metadata = new V1ObjectMeta { Name = "second-node", Annotations = new Dictionary<string, string> { ["kwok.x-k8s.io/node"] = "fake" } },
        });

        await Eventually.Get(() => PodsAsync(client, ds), pods => pods.Count == 2 && pods.All(p => Hash(p.Metadata) == newHash), what: "pods carry the kept hash");
        var remaining = await Eventually.Get(async () => (await client.ListNamespacedControllerRevisionAsync(Namespace)).Items,
            revs => revs.Count == 1, what: "duplicate revision deleted");
        Assert.Equal(duplicate.Metadata.Name, remaining[0].Metadata.Name);
        Assert.Equal(revision.Revision + 1, remaining[0].Revision);
    }

    /// <summary>hashAndNameForDaemonSet of the template with terminationGracePeriodSeconds=1, data of <paramref name="revision"/>.</summary>
    private static async Task<V1ControllerRevision> CreateFakeRevisionAsync(Kubernetes client, V1DaemonSet ds, V1ControllerRevision revision)
    {
        var next = await GetAsync(client, ds.Metadata.Name);
        next.Spec.Template.Spec.TerminationGracePeriodSeconds = 1;
        var hash = DaemonSetHistory.Hash(next);
        return await client.CreateNamespacedControllerRevisionAsync(new V1ControllerRevision
        {
            Metadata = new V1ObjectMeta
            {
                Name = $"{ds.Metadata.Name}-{hash}",
                Labels = new Dictionary<string, string>(ds.Spec.Template.Metadata.Labels) { [DaemonPods.RevisionHashLabel] = hash },
                Annotations = ds.Metadata.Annotations,
                OwnerReferences = [DaemonPodTemplate.OwnerRef(ds)],
            },
            Data = revision.Data,
            Revision = revision.Revision + 1,
        }, Namespace);
    }
}
