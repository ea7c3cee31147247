using k8s;
using k8s.Models;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.DaemonSets.DaemonSetKit;

namespace MiniApiServer.IntegrationTests.DaemonSets;

/// <summary>A node that joins gets its pod; a node that leaves loses it; labels move pods (e2e "complex daemon").</summary>
public sealed class NodeChurnTests : ServerTest
{
    protected override ApiServerHost StartServer() => Start(nodes: 2);

    [Fact]
    public async Task JoiningKwokNode_GetsPod_AndDeletedNode_LosesIt()
    {
        var ds = await Client.CreateNamespacedDaemonSetAsync(NewDaemonSet("churn"), Namespace);
        await WaitRunningExactlyOn(Client, ds, "node-1", "node-2");
        await Client.CreateNodeAsync(FakeNode("kwok-3"));
        await WaitRunningExactlyOn(Client, ds, "node-1", "node-2", "kwok-3");
        var onNode2 = (await DaemonPods(Client, ds)).Single(p => p.Spec.NodeName == "node-2").Metadata.Name;
        await Client.DeleteNodeAsync("node-2");
        // Absence proves nothing until the controllers have acted: first see the DaemonSet count the node out
        // and the pod that ran there actually deleted, then check that nothing is (re)placed on node-2.
        await Eventually.Get(() => Client.ReadNamespacedDaemonSetAsync("churn", Namespace),
            d => d.Status.DesiredNumberScheduled == 2, TimeSpan.FromSeconds(10), "desired count drops to 2");
        await Eventually.True(() => Nodes.NodeFixtures.IsGone(Client, onNode2, Namespace), TimeSpan.FromSeconds(10), "pod of the deleted node gone");
        await WaitRunningExactlyOn(Client, ds, "node-1", "kwok-3");
        Assert.Equal(["kwok-3", "node-1"], (await DaemonPods(Client, ds)).Select(p => p.Spec.NodeName).Order(StringComparer.Ordinal));
        await CheckDaemonStatus(Client, "churn");
    }

    [Fact]
    public async Task NodeSelector_FollowsNodeLabels()
    {
        // e2e "should run and stop complex daemon": blue gets a pod, green loses it, then the DS retargets green.
        var spec = NewDaemonSet("complex");
        spec.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["daemonset-color"] = "blue" };
        var ds = await Client.CreateNamespacedDaemonSetAsync(spec, Namespace);
        await WaitRunningExactlyOn(Client, ds);
        await PatchNodeLabels(Client, "node-1", """{"daemonset-color":"blue"}""");
        await WaitRunningExactlyOn(Client, ds, "node-1");
        await CheckDaemonStatus(Client, "complex");
        await PatchNodeLabels(Client, "node-1", """{"daemonset-color":"green"}""");
        await WaitRunningExactlyOn(Client, ds);
        // The e2e patch carries a misplaced top-level updateStrategy, which the server must ignore.
        var patch = """{"spec":{"template":{"spec":{"nodeSelector":{"daemonset-color":"green"}}}},"updateStrategy":{"type":"RollingUpdate"}}""";
        await Client.PatchNamespacedDaemonSetAsync(new V1Patch(patch, V1Patch.PatchType.StrategicMergePatch), "complex", Namespace);
        await WaitRunningExactlyOn(Client, ds, "node-1");
        await CheckDaemonStatus(Client, "complex");
    }

    [Fact]
    public async Task RequiredNodeAffinity_FollowsNodeLabels_AndPodGetsMatchFieldsInstead()
    {
        var spec = NewDaemonSet("affinity");
        spec.Spec.Template.Spec.Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                {
                    NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "daemonset-color", OperatorProperty = "In", Values = ["blue"] }] }],
                },
            },
        };
        var ds = await Client.CreateNamespacedDaemonSetAsync(spec, Namespace);
        await WaitRunningExactlyOn(Client, ds);
        await PatchNodeLabels(Client, "node-2", """{"daemonset-color":"blue"}""");
        await WaitRunningExactlyOn(Client, ds, "node-2");
        var pod = (await DaemonPods(Client, ds)).Single();
        var term = Assert.Single(pod.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms);
        Assert.Null(term.MatchExpressions);
        Assert.Equal("node-2", Assert.Single(Assert.Single(term.MatchFields).Values));
        await PatchNodeLabels(Client, "node-2", """{"daemonset-color":null}""");
        await WaitRunningExactlyOn(Client, ds);
    }
}
