using k8s;
using k8s.Models;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.DaemonSets.DaemonSetKit;

namespace MiniApiServer.IntegrationTests.DaemonSets;

/// <summary>Taints against daemon pods: TestTaintedNode and the NoExecute eviction unit test, end to end.</summary>
public sealed class DaemonSetTaintTests : ServerTest
{
    protected override ApiServerHost StartServer() => Start(nodes: 0);

    [Fact]
    public async Task NoScheduleTaint_KeepsNewPodsOff_UntilRemoved()
    {
        await Client.CreateNodeAsync(FakeNode("tainted", null, new V1Taint { Key = "key1", Value = "val1", Effect = "NoSchedule" }));
        await Client.CreateNodeAsync(FakeNode("clean"));
        var ds = await Client.CreateNamespacedDaemonSetAsync(NewDaemonSet("taints"), Namespace);
        await WaitRunningExactlyOn(Client, ds, "clean");
        var node = await Client.ReadNodeAsync("tainted");
        node.Spec.Taints = null;
        await Client.ReplaceNodeAsync(node, "tainted");
        await WaitRunningExactlyOn(Client, ds, "clean", "tainted");
    }

    [Fact]
    public async Task NoExecuteTaint_RemovesPodsThatDoNotTolerateIt()
    {
        await Client.CreateNodeAsync(FakeNode("worker"));
        var ds = await Client.CreateNamespacedDaemonSetAsync(NewDaemonSet("evict"), Namespace);
        await WaitRunningExactlyOn(Client, ds, "worker");
        await Client.PatchNodeAsync(new V1Patch("""{"spec":{"taints":[{"key":"maintenance","effect":"NoExecute"}]}}""", V1Patch.PatchType.StrategicMergePatch), "worker");
        await Eventually.True(async () => (await DaemonPods(Client, ds)).Count == 0, TimeSpan.FromSeconds(15), "daemon pod evicted");
        var live = await Eventually.Get(() => Client.ReadNamespacedDaemonSetAsync("evict", Namespace), d => d.Status.CurrentNumberScheduled == 0, what: "status");
        Assert.Equal(0, live.Status.DesiredNumberScheduled);
    }

    [Fact]
    public async Task UnschedulableAndNetworkUnavailableNodes_StillGetHostNetworkDaemonPods()
    {
        // TestUnschedulableNodeDaemonDoesLaunchPod.
        var cordoned = FakeNode("cordoned", null, new V1Taint { Key = "node.kubernetes.io/unschedulable", Effect = "NoSchedule" });
        cordoned.Spec.Unschedulable = true;
        await Client.CreateNodeAsync(cordoned);
        await Client.CreateNodeAsync(FakeNode("no-network", null, new V1Taint { Key = "node.kubernetes.io/network-unavailable", Effect = "NoSchedule" }));
        var spec = NewDaemonSet("hostnet");
        spec.Spec.Template.Spec.HostNetwork = true;
        var ds = await Client.CreateNamespacedDaemonSetAsync(spec, Namespace);
        await WaitRunningExactlyOn(Client, ds, "cordoned", "no-network");
    }
}
