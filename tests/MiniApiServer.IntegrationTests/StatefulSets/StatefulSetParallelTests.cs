using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.StatefulSets;

/// <summary>
/// podManagementPolicy Parallel (allowsBurst in stateful_set_utils.go) against OrderedReady, with pods that can
/// never be scheduled: a Parallel set makes all its pods at once, an OrderedReady one stops at the first.
/// </summary>
public sealed class StatefulSetParallelTests : ServerTest
{
    private const string Unschedulable = ",\"template\":{\"metadata\":{\"labels\":{\"app\":\"NAME\"}},\"spec\":{\"nodeSelector\":{\"disk\":\"none\"},";

    protected override ApiServerHost StartServer() => StatefulSetKit.StartServer();

    private static string PendingSet(string name, string policy) =>
        StatefulSetKit.StatefulSet(name, replicas: 3, extraSpec: $",\"podManagementPolicy\":\"{policy}\"")
            .Replace(",\"template\":{\"metadata\":{\"labels\":{\"app\":\"" + name + "\"}},\"spec\":{", Unschedulable.Replace("NAME", name, StringComparison.Ordinal), StringComparison.Ordinal);

    [Fact]
    public async Task Parallel_CreatesEveryPodWithoutWaitingForReadiness()
    {
        await Server.Http.CreateAsync(StatefulSetKit.Collection, PendingSet("ordered", "OrderedReady"));
        await Server.Http.CreateAsync(StatefulSetKit.Collection, PendingSet("burst", "Parallel"));

        var burst = await Eventually.Get(() => StatefulSetKit.PodsAsync(Server.Http, "burst"), p => p.Count == 3, StatefulSetKit.Deadline, "burst-0..2 created");
        var ordered = await StatefulSetKit.WaitForSetAsync(Server.Http, "ordered", s => StatefulSetKit.Int(s, "status", "replicas") == 1, "ordered-0 counted");

        Assert.All(burst.Values, p => Assert.False(StatefulSetKit.IsReady(p)));
        Assert.Equal(["ordered-0"], (await StatefulSetKit.PodsAsync(Server.Http, "ordered")).Keys);
        Assert.Equal(0, StatefulSetKit.Int(ordered, "status", "readyReplicas"));
        var set = await StatefulSetKit.WaitForSetAsync(Server.Http, "burst", s => StatefulSetKit.Int(s, "status", "replicas") == 3, "burst status.replicas 3");
        Assert.Equal(0, StatefulSetKit.Int(set, "status", "readyReplicas"));
    }

    [Fact]
    public async Task Parallel_ScaleDown_DeletesEveryCondemnedPodAtOnce()
    {
        await Server.Http.CreateAsync(StatefulSetKit.Collection, PendingSet("burst", "Parallel"));
        await Eventually.Get(() => StatefulSetKit.PodsAsync(Server.Http, "burst"), p => p.Count == 3, StatefulSetKit.Deadline, "burst-0..2 created");

        await Server.Http.MergePatchAsync($"{StatefulSetKit.Collection}/burst/scale", """{"spec":{"replicas":0}}""");

        // An OrderedReady set would wait for burst-2, which never turns Ready, before touching burst-1.
        await Eventually.Get(() => StatefulSetKit.PodsAsync(Server.Http, "burst"), p => p.Count == 0, StatefulSetKit.Deadline, "every pod deleted");
    }
}
