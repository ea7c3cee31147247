using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.StatefulSets;

/// <summary>
/// The OrderedReady guarantees of pkg/controller/statefulset/stateful_set_control.go: pods are created in ordinal
/// order, each only once its predecessor is Running and Ready, and removed highest ordinal first, one at a time.
/// The invariants are checked on every poll of the pods, not only at the end.
/// </summary>
public sealed class StatefulSetOrderingTests : ServerTest
{
    protected override ApiServerHost StartServer() => StatefulSetKit.StartServer();

    [Fact]
    public async Task ScaleUp_CreatesPodsInOrder_EachAfterThePreviousIsReady()
    {
        await Server.Http.CreateAsync(StatefulSetKit.Collection, StatefulSetKit.StatefulSet("web", replicas: 3));
        var violations = new List<string>();

        var pods = await Eventually.Get(() => StatefulSetKit.AllPodsAsync(Server.Http, "web"), seen =>
        {
            for (var i = 1; i < 3; i++)
            {
                if (seen.ContainsKey($"web-{i}") && !(seen.TryGetValue($"web-{i - 1}", out var previous) && StatefulSetKit.IsReady(previous)))
                {
                    violations.Add($"web-{i} exists while web-{i - 1} is not Ready");
                }
            }
            return seen.Count == 3 && seen.Values.All(StatefulSetKit.IsReady);
        }, StatefulSetKit.Deadline, "web-0..2 Ready");

        Assert.Empty(violations);
        var set = await StatefulSetKit.WaitForSetAsync(Server.Http, "web", s => StatefulSetKit.IsRolledOut(s, 3), "status of 3 ready pods");
        var web1 = pods["web-1"];
        Assert.Equal("web-1", web1["metadata"].Str("labels", "statefulset.kubernetes.io/pod-name"));
        Assert.Equal("1", web1["metadata"].Str("labels", "apps.kubernetes.io/pod-index"));
        Assert.Equal(set["status"].Str("updateRevision"), StatefulSetKit.Revision(web1));
        Assert.StartsWith("web-", set["status"].Str("updateRevision"), StringComparison.Ordinal);
        Assert.Equal("web-1", web1["spec"].Str("hostname"));
        Assert.Equal("web", web1["spec"].Str("subdomain"));
        var owner = web1["metadata"]!["ownerReferences"]![0]!;
        Assert.Equal(("StatefulSet", "web", true), (owner.Str("kind"), owner.Str("name"), owner["controller"]!.GetValue<bool>()));
        Assert.Equal(3, StatefulSetKit.Int(set, "status", "availableReplicas"));
        Assert.Equal(3, StatefulSetKit.Int(set, "status", "currentReplicas"));
        Assert.Equal(0, StatefulSetKit.Int(set, "status", "collisionCount"));
        var events = await Eventually.Get(() => StatefulSetKit.EventsOfAsync(Server.Http, "web"), e => e.Count(x => x.Reason == "SuccessfulCreate") == 3, StatefulSetKit.Deadline, "three SuccessfulCreate events");
        Assert.Contains(("SuccessfulCreate", "create Pod web-0 in StatefulSet web successful"), events);
        Assert.Contains(("SuccessfulCreate", "create Pod web-2 in StatefulSet web successful"), events);
        var revisions = await Server.Http.ListItemsAsync("/apis/apps/v1/namespaces/default/controllerrevisions");
        var revision = Assert.Single(revisions);
        Assert.Equal(set["status"].Str("updateRevision"), revision.Str("metadata", "name"));
        Assert.Equal(1, StatefulSetKit.Int(revision, "revision"));
    }

    [Fact]
    public async Task ScaleDown_RemovesTheHighestOrdinalFirst_OneAtATime()
    {
        await Server.Http.CreateAsync(StatefulSetKit.Collection, StatefulSetKit.StatefulSet("web", replicas: 3));
        await StatefulSetKit.WaitForSetAsync(Server.Http, "web", s => StatefulSetKit.IsRolledOut(s, 3), "3 ready pods");
        var violations = new List<string>();

        await Server.Http.MergePatchAsync($"{StatefulSetKit.Collection}/web/scale", """{"spec":{"replicas":1}}""");
        await Eventually.Get(() => StatefulSetKit.AllPodsAsync(Server.Http, "web"), seen =>
        {
            var web1Going = !seen.TryGetValue("web-1", out var web1) || StatefulSetKit.IsTerminating(web1);
            if (web1Going && seen.ContainsKey("web-2"))
            {
                violations.Add($"web-1 {(web1 is null ? "gone" : "terminating")} while web-2 still exists");
            }
            return seen.Keys.SequenceEqual(["web-0"]);
        }, StatefulSetKit.Deadline, "only web-0 left");

        Assert.Empty(violations);
        var set = await StatefulSetKit.WaitForSetAsync(Server.Http, "web", s => StatefulSetKit.Int(s, "status", "replicas") == 1, "status.replicas 1");
        Assert.Equal(1, StatefulSetKit.Int(set, "status", "readyReplicas"));
        await Eventually.Get(() => StatefulSetKit.EventsOfAsync(Server.Http, "web"),
            e => e.Contains(("SuccessfulDelete", "delete Pod web-2 in StatefulSet web successful")) && e.Contains(("SuccessfulDelete", "delete Pod web-1 in StatefulSet web successful")),
            StatefulSetKit.Deadline, "both SuccessfulDelete events recorded");
    }

    [Fact]
    public async Task OrdinalsStart_NamesPodsFromIt()
    {
        await Server.Http.CreateAsync(StatefulSetKit.Collection, StatefulSetKit.StatefulSet("db", replicas: 2, extraSpec: ",\"ordinals\":{\"start\":5}"));

        var pods = await Eventually.Get(() => StatefulSetKit.PodsAsync(Server.Http, "db"), p => p.Count == 2 && p.Values.All(StatefulSetKit.IsReady), StatefulSetKit.Deadline, "db-5 and db-6 Ready");

        Assert.Equal(["db-5", "db-6"], pods.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("6", pods["db-6"]["metadata"].Str("labels", "apps.kubernetes.io/pod-index"));
    }

    [Fact]
    public async Task FailedPod_IsDeletedAndMadeAgain()
    {
        await Server.Http.CreateAsync(StatefulSetKit.Collection, StatefulSetKit.StatefulSet("web", replicas: 1));
        var pods = await Eventually.Get(() => StatefulSetKit.PodsAsync(Server.Http, "web"), p => p.TryGetValue("web-0", out var pod) && StatefulSetKit.IsReady(pod), StatefulSetKit.Deadline, "web-0 Ready");
        var uid = pods["web-0"].Str("metadata", "uid");

        await Server.Http.MergePatchAsync($"{StatefulSetKit.Pods}/web-0/status", """{"status":{"phase":"Failed"}}""");

        await Eventually.Get(() => StatefulSetKit.PodsAsync(Server.Http, "web"),
            p => p.TryGetValue("web-0", out var pod) && pod.Str("metadata", "uid") != uid && StatefulSetKit.IsReady(pod), StatefulSetKit.Deadline, "a new Ready web-0");
        // Events are written behind the writes they describe.
        var events = await Eventually.Get(() => StatefulSetKit.EventsOfAsync(Server.Http, "web"),
            e => e.Contains(("SuccessfulDelete", "delete Pod web-0 in StatefulSet web successful")), StatefulSetKit.Deadline, "SuccessfulDelete recorded");
        // 1.30+ records no RecreatingFailedPod (kubernetes#123809).
        Assert.DoesNotContain(events, e => e.Reason == "RecreatingFailedPod");
    }
}
