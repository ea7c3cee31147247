using k8s;
using k8s.Models;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Nodes;

public sealed class NodeLifecycleTests : IAsyncLifetime
{
    private const string Unreachable = "node.kubernetes.io/unreachable";
    private ApiServerHost _server = null!;

    public async Task InitializeAsync() => _server = await NodeFixtures.StartAsync(nodes: 3);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Kubernetes Client => _server.Client;

    private Task<V1Pod> WaitReady(string name) =>
        Eventually.Get(() => Client.ReadNamespacedPodAsync(name, "default"),
            p => p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true, what: $"{name} Ready");

    [Fact]
    public async Task PausedHeartbeats_NodeUnknownTainted_PodsEvictedPerToleration_ResumeRestores()
    {
        await Eventually.Get(() => Client.ReadNodeAsync("node-2"), NodeFixtures.IsReady, what: "node-2 Ready");
        var shortToleration = new V1Toleration { Key = Unreachable, OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = 2 };
        var foreverToleration = new V1Toleration { Key = Unreachable, OperatorProperty = "Exists", Effect = "NoExecute" };
        await Client.CreateNamespacedPodAsync(NodeFixtures.Pod("short", "node-2", shortToleration), "default");
        await Client.CreateNamespacedPodAsync(NodeFixtures.Pod("forever", "node-2", foreverToleration), "default");
        await WaitReady("short");
        await WaitReady("forever");

        await NodeFixtures.PatchNodeAsync(Client, "node-2", """{"metadata":{"annotations":{"miniapiserver.dev/heartbeat":"paused"}}}""");

        var unknown = await Eventually.Get(() => Client.ReadNodeAsync("node-2"),
            n => NodeFixtures.HasTaint(n, Unreachable, "NoExecute") && NodeFixtures.HasTaint(n, Unreachable, "NoSchedule"),
            what: "unreachable taints");
        var ready = NodeFixtures.Condition(unknown, "Ready")!;
        Assert.Equal(("Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status."), (ready.Status, ready.Reason, ready.Message));
        Assert.Equal("Unknown", NodeFixtures.Condition(unknown, "MemoryPressure")!.Status);
        var tainted = unknown.Spec.Taints.Single(t => t.Key == Unreachable && t.Effect == "NoExecute");
        Assert.NotNull(tainted.TimeAdded);

        var evicted = await Eventually.Get(() => Client.ReadNamespacedPodAsync("short", "default"), p => p.Metadata.DeletionTimestamp is not null, what: "short evicted");
        var disruption = evicted.Status.Conditions.Single(c => c.Type == "DisruptionTarget");
        Assert.Equal(("True", "DeletionByTaintManager", "Taint manager: deleting due to NoExecute taint"), (disruption.Status, disruption.Reason, disruption.Message));
        // Evicted ~tolerationSeconds after the taint (deletionTimestamp = eviction + 30s default grace; seconds precision).
        var evictedAt = evicted.Metadata.DeletionTimestamp!.Value.AddSeconds(-(evicted.Metadata.DeletionGracePeriodSeconds ?? 30));
        Assert.True(evictedAt >= tainted.TimeAdded!.Value.AddSeconds(1), $"evicted at {evictedAt:O}, tainted at {tainted.TimeAdded:O}");

        var forever = await Client.ReadNamespacedPodAsync("forever", "default");
        Assert.Null(forever.Metadata.DeletionTimestamp);
        Assert.Equal("False", forever.Status.Conditions.Single(c => c.Type == "Ready").Status);
        // A dead kubelet cannot finish the graceful deletion.
        Assert.NotNull((await Client.ReadNamespacedPodAsync("short", "default")).Metadata.DeletionTimestamp);

        await NodeFixtures.PatchNodeAsync(Client, "node-2", """{"metadata":{"annotations":{"miniapiserver.dev/heartbeat":null}}}""");
        var back = await Eventually.Get(() => Client.ReadNodeAsync("node-2"),
            n => NodeFixtures.IsReady(n) && n.Spec.Taints is not { Count: > 0 }, what: "node-2 Ready without taints");
        Assert.Equal("KubeletReady", NodeFixtures.Condition(back, "Ready")!.Reason);
        await Eventually.True(() => NodeFixtures.IsGone(Client, "short"), what: "short deleted after resume");
        await WaitReady("forever");
    }

    [Fact]
    public async Task Cordon_AddsUnschedulableTaint_UncordonRemovesIt()
    {
        await NodeFixtures.PatchNodeAsync(Client, "node-3", """{"spec":{"unschedulable":true}}""");
        await Eventually.Get(() => Client.ReadNodeAsync("node-3"), n => NodeFixtures.HasTaint(n, "node.kubernetes.io/unschedulable", "NoSchedule"), what: "unschedulable taint");
        await NodeFixtures.PatchNodeAsync(Client, "node-3", """{"spec":{"unschedulable":null}}""");
        await Eventually.Get(() => Client.ReadNodeAsync("node-3"), n => !NodeFixtures.HasTaint(n, "node.kubernetes.io/unschedulable", "NoSchedule"), what: "taint removed");
    }

    [Fact]
    public async Task NodeWithoutHeartbeats_BecomesUnknownAfterStartupGrace()
    {
        await Client.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = "silent", Labels = new Dictionary<string, string> { ["kubernetes.io/os"] = "linux" } } });
        var node = await Eventually.Get(() => Client.ReadNodeAsync("silent"), n => NodeFixtures.Condition(n, "Ready")?.Status == "Unknown", what: "silent Unknown");
        Assert.Equal("NodeStatusNeverUpdated", NodeFixtures.Condition(node, "Ready")!.Reason);
        Assert.Equal("linux", node.Metadata.Labels["beta.kubernetes.io/os"]);
        await Eventually.Get(() => Client.ReadNodeAsync("silent"), n => NodeFixtures.HasTaint(n, Unreachable, "NoSchedule"), what: "unreachable taint");
    }

    [Fact]
    public async Task PodNotToleratingTaint_IsEvictedAtOnce()
    {
        await Client.CreateNamespacedPodAsync(NodeFixtures.Pod("victim", "node-1"), "default");
        await WaitReady("victim");
        await NodeFixtures.PatchNodeAsync(Client, "node-1", """{"spec":{"taints":[{"key":"maintenance","effect":"NoExecute"}]}}""");
        // node-1 is alive, so its kubelet finishes the deletion within SimulatedMaxGracePeriod; the condition is
        // checked in the paused-node test, where the evicted pod stays terminating.
        await Eventually.True(() => NodeFixtures.IsGone(Client, "victim"), what: "victim deleted");
        var events = await Eventually.Get(() => Client.CoreV1.ListNamespacedEventAsync("default"),
            l => l.Items.Any(e => e.Reason == "TaintManagerEviction" && e.InvolvedObject.Name == "victim"), what: "event");
        Assert.Equal("Marking for deletion Pod default/victim", events.Items.First(e => e.Reason == "TaintManagerEviction").Message);
    }
}
