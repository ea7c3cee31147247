using k8s.Models;
using MiniApiServer.Controllers.DaemonSets;
using static MiniApiServer.UnitTests.DaemonSets.Fixtures;

namespace MiniApiServer.UnitTests.DaemonSets;

/// <summary>Cases of TestNodeShouldRunDaemonPod and the taint tests in daemon_controller_test.go.</summary>
public sealed class NodeEligibilityTests
{
    [Fact]
    public void Evaluate_PlainNode_RunsAndContinues() =>
        Assert.Equal((true, true), NodeEligibility.Evaluate(Node("n"), DaemonSet()));

    [Fact]
    public void Evaluate_NotReadyNodeWithoutTaints_IsEligible()
    {
        // TestNotReadyNodeDaemonDoesLaunchPod: conditions alone do not matter, only the taints derived from them.
        var node = Node("n");
        node.Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = "False" }] };
        Assert.Equal((true, true), NodeEligibility.Evaluate(node, DaemonSet()));
    }

    [Fact]
    public void Evaluate_NodeSelectorMismatch_NeitherRunsNorContinues()
    {
        var ds = DaemonSet();
        ds.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["color"] = "blue" };
        Assert.Equal((false, false), NodeEligibility.Evaluate(Node("n", new Dictionary<string, string> { ["color"] = "green" }), ds));
        Assert.Equal((true, true), NodeEligibility.Evaluate(Node("n", new Dictionary<string, string> { ["color"] = "blue" }), ds));
    }

    [Fact]
    public void Evaluate_RequiredAffinityTermsAreOred()
    {
        var ds = DaemonSet();
        ds.Spec.Template.Spec.Affinity = new V1Affinity
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
        var nodes = Enumerable.Range(0, 6).Select(i => Node($"node-{i}", i is 2 or 3 ? new Dictionary<string, string> { ["zone"] = "test" } : null)).ToList();
        Assert.Equal(["node-1", "node-2", "node-3"], nodes.Where(n => NodeEligibility.Evaluate(n, ds).ShouldRun).Select(n => n.Metadata.Name));
    }

    [Fact]
    public void Evaluate_TemplateNodeNameElsewhere_NeitherRunsNorContinues()
    {
        var ds = DaemonSet();
        ds.Spec.Template.Spec.NodeName = "other";
        Assert.Equal((false, false), NodeEligibility.Evaluate(Node("n"), ds));
    }

    [Fact]
    public void Evaluate_UntoleratedNoSchedule_KeepsRunningPodButCreatesNone() =>
        Assert.Equal((false, true), NodeEligibility.Evaluate(Node("n", null, new V1Taint { Key = "k", Value = "v", Effect = "NoSchedule" }), DaemonSet()));

    [Fact]
    public void Evaluate_UntoleratedNoExecute_EvictsRunningPod() =>
        Assert.Equal((false, false), NodeEligibility.Evaluate(Node("n", null, new V1Taint { Key = "k", Value = "v", Effect = "NoExecute" }), DaemonSet()));

    [Theory]
    [InlineData("node.kubernetes.io/not-ready", "NoExecute")]
    [InlineData("node.kubernetes.io/unreachable", "NoExecute")]
    [InlineData("node.kubernetes.io/unschedulable", "NoSchedule")]
    [InlineData("node.kubernetes.io/disk-pressure", "NoSchedule")]
    [InlineData("node.kubernetes.io/memory-pressure", "NoSchedule")]
    [InlineData("node.kubernetes.io/pid-pressure", "NoSchedule")]
    public void Evaluate_DefaultDaemonTolerations_KeepNodeEligible(string key, string effect) =>
        Assert.Equal((true, true), NodeEligibility.Evaluate(Node("n", null, new V1Taint { Key = key, Effect = effect }), DaemonSet()));

    [Fact]
    public void Evaluate_NotReadyNoSchedule_IsNotToleratedByDefault() =>
        Assert.Equal((false, true), NodeEligibility.Evaluate(Node("n", null, new V1Taint { Key = "node.kubernetes.io/not-ready", Effect = "NoSchedule" }), DaemonSet()));

    [Fact]
    public void Evaluate_NetworkUnavailable_ToleratedOnlyWithHostNetwork()
    {
        var node = Node("n", null, new V1Taint { Key = "node.kubernetes.io/network-unavailable", Effect = "NoSchedule" });
        var ds = DaemonSet();
        Assert.False(NodeEligibility.Evaluate(node, ds).ShouldRun);
        ds.Spec.Template.Spec.HostNetwork = true;
        Assert.True(NodeEligibility.Evaluate(node, ds).ShouldRun);
    }

    [Fact]
    public void Evaluate_TolerationOperatorExists_ToleratesEverything()
    {
        var ds = DaemonSet();
        ds.Spec.Template.Spec.Tolerations = [new V1Toleration { OperatorProperty = "Exists" }];
        Assert.Equal((true, true), NodeEligibility.Evaluate(Node("n", null, new V1Taint { Key = "k", Effect = "NoExecute" }), ds));
    }

    [Fact]
    public void For_OneSyncOverMixedNodes_DecidesEachNodeOnItsOwnTaints()
    {
        // One evaluator serves a whole sync; what it builds for the first tainted node must not leak into the others.
        var ds = DaemonSet();
        ds.Spec.Template.Spec.Tolerations = [new V1Toleration { Key = "gpu", OperatorProperty = "Exists", Effect = "NoSchedule" }];
        var eligibility = NodeEligibility.For(ds);
        var nodes = new (V1Node Node, (bool, bool) Expected)[]
        {
            (Node("plain"), (true, true)),
            (Node("gpu", null, new V1Taint { Key = "gpu", Effect = "NoSchedule" }), (true, true)),
            (Node("other", null, new V1Taint { Key = "other", Effect = "NoSchedule" }), (false, true)),
            (Node("unschedulable", null, new V1Taint { Key = "node.kubernetes.io/unschedulable", Effect = "NoSchedule" }), (true, true)),
            (Node("evicting", null, new V1Taint { Key = "other", Effect = "NoExecute" }), (false, false)),
            (Node("not-ready", null, new V1Taint { Key = "node.kubernetes.io/not-ready", Effect = "NoSchedule" }), (false, true)),
            (Node("plain-again"), (true, true)),
        };
        foreach (var order in new[] { nodes, nodes.Reverse().ToArray() })
        {
            foreach (var (node, expected) in order)
            {
                Assert.Equal(expected, eligibility(node));
            }
        }
    }
}
