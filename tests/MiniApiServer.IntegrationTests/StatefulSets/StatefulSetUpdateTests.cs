using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.StatefulSets;

/// <summary>
/// RollingUpdate and OnDelete (stateful_set_control.go updateStatefulSet, newVersionedStatefulSetPod): pods are
/// replaced from the highest ordinal down, one at a time, never below the partition; currentRevision becomes the
/// update revision only once every pod is at it.
/// </summary>
public sealed class StatefulSetUpdateTests : ServerTest
{
    protected override ApiServerHost StartServer() => StatefulSetKit.StartServer();

    [Fact]
    public async Task RollingUpdate_WithPartition_UpdatesOnlyOrdinalsAtOrAboveIt_HighestFirst()
    {
        await Server.Http.CreateAsync(StatefulSetKit.Collection, StatefulSetKit.StatefulSet("web", replicas: 3,
            extraSpec: ",\"updateStrategy\":{\"type\":\"RollingUpdate\",\"rollingUpdate\":{\"partition\":1}}"));
        var before = await StatefulSetKit.WaitForSetAsync(Server.Http, "web", s => StatefulSetKit.IsRolledOut(s, 3), "3 ready pods");
        var oldRevision = before["status"].Str("currentRevision");
        var violations = new List<string>();

        await Server.Http.MergePatchAsync($"{StatefulSetKit.Collection}/web", """{"spec":{"template":{"spec":{"containers":[{"name":"main","image":"nginx:1.28"}]}}}}""");
        var set = await Eventually.Get(async () =>
        {
            var pods = await StatefulSetKit.AllPodsAsync(Server.Http, "web");
            var web1Touched = !pods.TryGetValue("web-1", out var web1) || StatefulSetKit.IsTerminating(web1) || StatefulSetKit.Image(web1) == "nginx:1.28";
            var web2Done = pods.TryGetValue("web-2", out var web2) && StatefulSetKit.Image(web2) == "nginx:1.28" && StatefulSetKit.IsReady(web2);
            if (web1Touched && !web2Done)
            {
                violations.Add("web-1 replaced before web-2 was updated and Ready");
            }
            if (!pods.TryGetValue("web-0", out var web0) || StatefulSetKit.Image(web0) != "nginx:1.27")
            {
                violations.Add("web-0, below the partition, was replaced");
            }
            return await StatefulSetKit.GetAsync(Server.Http, "web");
        }, s => StatefulSetKit.Int(s, "status", "updatedReplicas") == 2 && StatefulSetKit.Int(s, "status", "readyReplicas") == 3, StatefulSetKit.Deadline, "web-1 and web-2 updated");

        Assert.Empty(violations);
        Assert.Equal(oldRevision, set["status"].Str("currentRevision"));
        Assert.NotEqual(oldRevision, set["status"].Str("updateRevision"));
        Assert.Equal(1, StatefulSetKit.Int(set, "status", "currentReplicas"));
        var pods = await StatefulSetKit.PodsAsync(Server.Http, "web");
        Assert.Equal(oldRevision, StatefulSetKit.Revision(pods["web-0"]));
        Assert.Equal(set["status"].Str("updateRevision"), StatefulSetKit.Revision(pods["web-2"]));

        await Server.Http.MergePatchAsync($"{StatefulSetKit.Collection}/web", """{"spec":{"updateStrategy":{"rollingUpdate":{"partition":0}}}}""");
        var done = await StatefulSetKit.WaitForSetAsync(Server.Http, "web", s => StatefulSetKit.IsRolledOut(s, 3), "every pod at the update revision");
        Assert.Equal(set["status"].Str("updateRevision"), done["status"].Str("currentRevision"));
        Assert.Equal(3, StatefulSetKit.Int(done, "status", "currentReplicas"));
        Assert.Equal(2, (await Server.Http.ListItemsAsync("/apis/apps/v1/namespaces/default/controllerrevisions")).Count);
    }

    [Fact]
    public async Task RevisionHistoryLimit_DeletesTheOldestRevisionsNoPodUses()
    {
        await Server.Http.CreateAsync(StatefulSetKit.Collection, StatefulSetKit.StatefulSet("web", replicas: 1, extraSpec: ",\"revisionHistoryLimit\":1"));
        await StatefulSetKit.WaitForSetAsync(Server.Http, "web", s => StatefulSetKit.IsRolledOut(s, 1), "1 ready pod");
        var first = (await Server.Http.ListItemsAsync("/apis/apps/v1/namespaces/default/controllerrevisions")).Single().Str("metadata", "name");

        foreach (var image in new[] { "nginx:1.28", "nginx:1.29" })
        {
            var patched = await Server.Http.MergePatchAsync($"{StatefulSetKit.Collection}/web", "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"" + image + "\"}]}}}}");
            var generation = StatefulSetKit.Int(patched, "metadata", "generation");
            await StatefulSetKit.WaitForSetAsync(Server.Http, "web", s => StatefulSetKit.Int(s, "status", "observedGeneration") == generation && StatefulSetKit.IsRolledOut(s, 1), $"rolled out to {image}");
        }

        // truncateHistory: the current revision plus one of history; the first, used by no pod, is gone.
        var names = await Eventually.Get(async () => (await Server.Http.ListItemsAsync("/apis/apps/v1/namespaces/default/controllerrevisions")).Select(r => r.Str("metadata", "name")).ToList(),
            n => n.Count == 2, StatefulSetKit.Deadline, "two revisions left");
        Assert.DoesNotContain(first, names);
        Assert.Contains((await StatefulSetKit.GetAsync(Server.Http, "web"))["status"].Str("currentRevision"), names);
    }

    [Fact]
    public async Task OnDelete_LeavesPodsUntilTheyAreDeleted()
    {
        await Server.Http.CreateAsync(StatefulSetKit.Collection, StatefulSetKit.StatefulSet("web", replicas: 2, extraSpec: ",\"updateStrategy\":{\"type\":\"OnDelete\"}"));
        await StatefulSetKit.WaitForSetAsync(Server.Http, "web", s => StatefulSetKit.IsRolledOut(s, 2), "2 ready pods");

        await Server.Http.MergePatchAsync($"{StatefulSetKit.Collection}/web", """{"spec":{"template":{"spec":{"containers":[{"name":"main","image":"nginx:1.28"}]}}}}""");
        var set = await StatefulSetKit.WaitForSetAsync(Server.Http, "web", s => StatefulSetKit.Int(s, "status", "observedGeneration") == 2, "generation 2 observed");
        Assert.NotEqual(set["status"].Str("currentRevision"), set["status"].Str("updateRevision"));
        Assert.Equal(0, StatefulSetKit.Int(set, "status", "updatedReplicas"));
        Assert.All((await StatefulSetKit.PodsAsync(Server.Http, "web")).Values, p => Assert.Equal("nginx:1.27", StatefulSetKit.Image(p)));

        await Server.Http.DeleteJsonAsync($"{StatefulSetKit.Pods}/web-1");

        var pods = await Eventually.Get(() => StatefulSetKit.PodsAsync(Server.Http, "web"),
            p => p.TryGetValue("web-1", out var pod) && StatefulSetKit.Image(pod) == "nginx:1.28" && StatefulSetKit.IsReady(pod), StatefulSetKit.Deadline, "web-1 made again at the new template");
        Assert.Equal("nginx:1.27", StatefulSetKit.Image(pods["web-0"]));
        Assert.Equal(set["status"].Str("updateRevision"), StatefulSetKit.Revision(pods["web-1"]));
    }
}
