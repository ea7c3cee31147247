using k8s;
using k8s.Models;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.DaemonSets.DaemonSetKit;

namespace MiniApiServer.IntegrationTests.DaemonSets;

/// <summary>Ported from test/integration/daemonset/daemonset_test.go (the cases without a rolling update).</summary>
public sealed class DaemonSetIntegrationPortTests : ServerTest
{
    protected override ApiServerHost StartServer() => Start(nodes: 0);

    [Fact]
    public async Task OneNodeDaemonLaunchesPod()
    {
        var ds = await Client.CreateNamespacedDaemonSetAsync(NewDaemonSet("foo"), Namespace);
        await Client.CreateNodeAsync(FakeNode("single-node"));
        await WaitRunningExactlyOn(Client, ds, "single-node");
        await Eventually.Get(() => Client.ReadNamespacedDaemonSetAsync("foo", Namespace), d => d.Status.NumberReady == 1, what: "numberReady 1");
    }

    [Fact]
    public async Task SimpleDaemonSetLaunchesPods_OnFiveNodes()
    {
        var ds = await Client.CreateNamespacedDaemonSetAsync(NewDaemonSet("foo"), Namespace);
        var names = Enumerable.Range(0, 5).Select(i => $"node-{i}").ToArray();
        foreach (var n in names)
        {
            await Client.CreateNodeAsync(FakeNode(n));
        }
        await WaitRunningExactlyOn(Client, ds, names);
        await Eventually.Get(() => Client.ReadNamespacedDaemonSetAsync("foo", Namespace), d => d.Status.NumberReady == 5, what: "numberReady 5");
    }

    [Theory]
    [InlineData("Succeeded", false)]
    [InlineData("Failed", false)]
    [InlineData("Succeeded", true)]
    public async Task SimpleDaemonSetRestartsPodsOnTerminalPhase(string phase, bool withFinalizer)
    {
        var spec = NewDaemonSet("foo");
        if (withFinalizer)
        {
            spec.Spec.Template.Metadata.Finalizers = ["example.com/hold"];
        }
        var ds = await Client.CreateNamespacedDaemonSetAsync(spec, Namespace);
        var names = new[] { "node-0", "node-1", "node-2" };
        foreach (var n in names)
        {
            await Client.CreateNodeAsync(FakeNode(n));
        }
        await WaitRunningExactlyOn(Client, ds, names);
        var victim = (await DaemonPods(Client, ds)).First();
        victim.Status.Phase = phase;
        await Client.ReplaceNamespacedPodStatusAsync(victim, victim.Metadata.Name, Namespace);
        await Eventually.True(async () =>
        {
            var active = (await DaemonPods(Client, ds)).Where(p => p.Metadata.DeletionTimestamp is null && p.Status.Phase is "Running" or "Pending").ToList();
            return active.Count == 3 && active.All(p => p.Metadata.Uid != victim.Metadata.Uid) && active.All(IsReady);
        }, TimeSpan.FromSeconds(20), "three active ready pods again");
        await Eventually.Get(() => Client.ReadNamespacedDaemonSetAsync("foo", Namespace), d => d.Status.NumberReady == 3, what: "numberReady 3");
        if (withFinalizer)
        {
            // The held pod stays until its finalizer goes; release it so the namespace can be cleaned.
            await Client.PatchNamespacedPodAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), victim.Metadata.Name, Namespace);
        }
    }

    [Fact]
    public async Task DaemonSetWithNodeSelectorLaunchesPods_TermsAreOred()
    {
        var spec = NewDaemonSet("foo");
        spec.Spec.Template.Spec.Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                {
                    NodeSelectorTerms =
                    [
                        new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "zone", OperatorProperty = "In", Values = ["test"] }] },
                        new V1NodeSelectorTerm { MatchFields = [new V1NodeSelectorRequirement { Key = "metadata.name", OperatorProperty = "In", Values = ["node-1"] }] },
                    ],
                },
            },
        };
        var ds = await Client.CreateNamespacedDaemonSetAsync(spec, Namespace);
        for (var i = 0; i < 6; i++)
        {
            await Client.CreateNodeAsync(FakeNode($"node-{i}", i is 2 or 3 ? new Dictionary<string, string> { ["zone"] = "test" } : null));
        }
        await WaitRunningExactlyOn(Client, ds, "node-1", "node-2", "node-3");
        await Eventually.Get(() => Client.ReadNamespacedDaemonSetAsync("foo", Namespace), d => d.Status.NumberReady == 3, what: "numberReady 3");
    }

    [Fact]
    public async Task InsufficientCapacityNode_PodUnschedulableUntilBigNodeJoins()
    {
        var small = FakeNode("small");
        await Client.CreateNodeAsync(small);
        await Eventually.Get(() => Client.ReadNodeAsync("small"), n => n.Status?.Allocatable is not null, what: "small node registered");
        await Client.PatchNodeStatusAsync(new V1Patch("""{"status":{"allocatable":{"cpu":"50m","memory":"100M","pods":"110"},"capacity":{"cpu":"50m","memory":"100M","pods":"110"}}}""", V1Patch.PatchType.MergePatch), "small");
        var spec = NewDaemonSet("foo");
        spec.Spec.Template.Spec.Containers[0].Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("75m"), ["memory"] = new("120M") },
        };
        var ds = await Client.CreateNamespacedDaemonSetAsync(spec, Namespace);
        await Eventually.True(async () => (await DaemonPods(Client, ds)).Any(p => p.Status?.Conditions?.Any(c => c.Type == "PodScheduled" && c.Reason == "Unschedulable") == true),
            TimeSpan.FromSeconds(10), "pod unschedulable on the small node");
        await Client.CreateNodeAsync(FakeNode("big"));
        await Eventually.True(async () => (await DaemonPods(Client, ds)).Count(p => p.Spec.NodeName == "big" && IsReady(p)) == 1, TimeSpan.FromSeconds(15), "pod on the big node");
        var pods = await DaemonPods(Client, ds);
        Assert.Equal(2, pods.Count);
        await Eventually.Get(() => Client.ReadNamespacedDaemonSetAsync("foo", Namespace), d => d.Status.NumberReady == 1, what: "numberReady 1");
    }

    [Fact]
    public async Task NodeWithStoppedHeartbeats_KeepsItsDaemonPod()
    {
        await using var server = ApiServerHost.Start(nodes: 2, settings: new Dictionary<string, string>
        {
            ["Controllers:HeartbeatInterval"] = "00:00:00.500",
            ["Controllers:NodeMonitorPeriod"] = "00:00:00.250",
            ["Controllers:NodeMonitorGracePeriod"] = "00:00:02",
            ["Controllers:SimulatedReadyDelay"] = "00:00:00.100",
        });
        var client = server.Client;
        var ds = await client.CreateNamespacedDaemonSetAsync(NewDaemonSet("foo"), Namespace);
        await WaitRunningExactlyOn(client, ds, "node-1", "node-2");
        var before = (await DaemonPods(client, ds)).Single(p => p.Spec.NodeName == "node-2");
        await client.PatchNodeAsync(new V1Patch("""{"metadata":{"annotations":{"miniapiserver.dev/heartbeat":"paused"}}}""", V1Patch.PatchType.MergePatch), "node-2");
        await Eventually.Get(() => client.ReadNodeAsync("node-2"),
            n => n.Spec.Taints?.Any(t => t.Key == "node.kubernetes.io/unreachable" && t.Effect == "NoExecute") == true, TimeSpan.FromSeconds(15), "node-2 unreachable");
        var plain = await client.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "plain" },
            Spec = new V1PodSpec { NodeName = "node-1", Containers = [new V1Container { Name = "c", Image = "busybox" }] },
        }, Namespace);
        var after = (await DaemonPods(client, ds)).Single(p => p.Spec.NodeName == "node-2");
        Assert.Equal(before.Metadata.Uid, after.Metadata.Uid);
        Assert.Null(after.Metadata.DeletionTimestamp);
        Assert.NotNull(plain);
    }
}
