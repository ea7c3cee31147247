using k8s.Models;
using MiniApiServer.Controllers.Scheduling.Plugins;
using static MiniApiServer.UnitTests.Scheduling.SchedulingFixtures;

namespace MiniApiServer.UnitTests.Scheduling;

public sealed class FilterPluginTests
{
    [Fact]
    public void NodeName_MatchesOnlyTheRequestedNode()
    {
        var plugin = new NodeNamePlugin();
        Assert.True(plugin.Filter(Pod(), Info(Node("a"))).IsSuccess);
        Assert.True(plugin.Filter(Pod(nodeName: "a"), Info(Node("a"))).IsSuccess);
        var status = plugin.Filter(Pod(nodeName: "a"), Info(Node("b")));
        Assert.Equal(FilterCode.UnschedulableAndUnresolvable, status.Code);
        Assert.Equal(["node(s) didn't match the requested node name"], status.Reasons);
    }

    [Fact]
    public void NodeUnschedulable_RejectsUnlessTheUnschedulableTaintIsTolerated()
    {
        var plugin = new NodeUnschedulablePlugin();
        var cordoned = Info(Node("a", unschedulable: true));
        Assert.Equal(["node(s) were unschedulable"], plugin.Filter(Pod(), cordoned).Reasons);
        var tolerant = Pod();
        tolerant.Spec.Tolerations = [new V1Toleration { Key = "node.kubernetes.io/unschedulable", OperatorProperty = "Exists", Effect = "NoSchedule" }];
        Assert.True(plugin.Filter(tolerant, cordoned).IsSuccess);
        Assert.True(plugin.Filter(Pod(), Info(Node("b"))).IsSuccess);
    }

    [Fact]
    public void TaintToleration_RejectsUntoleratedNoScheduleAndNoExecuteOnly()
    {
        var plugin = new TaintTolerationPlugin();
        var tainted = Info(Node("a", taints: [new V1Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }]));
        var status = plugin.Filter(Pod(), tainted);
        Assert.Equal(FilterCode.UnschedulableAndUnresolvable, status.Code);
        Assert.Equal(["node(s) had untolerated taint {dedicated: gpu}"], status.Reasons);

        var equal = Pod();
        equal.Spec.Tolerations = [new V1Toleration { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" }];
        Assert.True(plugin.Filter(equal, tainted).IsSuccess);
        var wrongValue = Pod();
        wrongValue.Spec.Tolerations = [new V1Toleration { Key = "dedicated", Value = "cpu" }];
        Assert.False(plugin.Filter(wrongValue, tainted).IsSuccess);
        var existsAll = Pod();
        existsAll.Spec.Tolerations = [new V1Toleration { OperatorProperty = "Exists" }];
        Assert.True(plugin.Filter(existsAll, tainted).IsSuccess);

        Assert.False(plugin.Filter(Pod(), Info(Node("b", taints: [new V1Taint { Key = "k", Effect = "NoExecute" }]))).IsSuccess);
        Assert.True(plugin.Filter(Pod(), Info(Node("c", taints: [new V1Taint { Key = "k", Effect = "PreferNoSchedule" }]))).IsSuccess);
    }

    [Fact]
    public void NodeAffinity_NodeSelectorMustMatchEveryLabel()
    {
        var plugin = new NodeAffinityPlugin();
        var pod = Pod();
        pod.Spec.NodeSelector = new Dictionary<string, string> { ["disk"] = "ssd", ["zone"] = "a" };
        Assert.True(plugin.Filter(pod, Info(Node("n", labels: new() { ["disk"] = "ssd", ["zone"] = "a", ["x"] = "y" }))).IsSuccess);
        var status = plugin.Filter(pod, Info(Node("n", labels: new() { ["disk"] = "ssd" })));
        Assert.Equal(["node(s) didn't match Pod's node affinity/selector"], status.Reasons);
        Assert.Equal(FilterCode.UnschedulableAndUnresolvable, status.Code);
    }

    [Theory]
    [InlineData("In", new[] { "a", "b" }, "b", true)]
    [InlineData("In", new[] { "a" }, null, false)]
    [InlineData("NotIn", new[] { "a" }, "b", true)]
    [InlineData("NotIn", new[] { "a" }, null, true)]
    [InlineData("NotIn", new[] { "a" }, "a", false)]
    [InlineData("Exists", new string[0], "x", true)]
    [InlineData("Exists", new string[0], null, false)]
    [InlineData("DoesNotExist", new string[0], null, true)]
    [InlineData("DoesNotExist", new string[0], "x", false)]
    [InlineData("Gt", new[] { "5" }, "6", true)]
    [InlineData("Gt", new[] { "5" }, "5", false)]
    [InlineData("Lt", new[] { "5" }, "4", true)]
    [InlineData("Lt", new[] { "5" }, "x", false)]
    public void NodeAffinity_MatchExpressionOperators(string op, string[] values, string? label, bool fits)
    {
        var labels = label is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["k"] = label };
        var pod = Pod().WithRequiredTerms(Expr("k", op, values));
        Assert.Equal(fits, new NodeAffinityPlugin().Filter(pod, Info(Node("n", labels: labels))).IsSuccess);
    }

    [Fact]
    public void NodeAffinity_TermsAreOredAndRequirementsWithinATermAnded()
    {
        var plugin = new NodeAffinityPlugin();
        var and = new V1NodeSelectorTerm
        {
            MatchExpressions = [new V1NodeSelectorRequirement { Key = "zone", OperatorProperty = "In", Values = ["a"] }],
            MatchFields = [new V1NodeSelectorRequirement { Key = "metadata.name", OperatorProperty = "In", Values = ["n1"] }],
        };
        var pod = Pod().WithRequiredTerms(and, Expr("gpu", "Exists"));
        Assert.True(plugin.Filter(pod, Info(Node("n1", labels: new() { ["zone"] = "a" }))).IsSuccess);
        Assert.False(plugin.Filter(pod, Info(Node("n2", labels: new() { ["zone"] = "a" }))).IsSuccess);
        Assert.True(plugin.Filter(pod, Info(Node("n2", labels: new() { ["gpu"] = "1" }))).IsSuccess);
    }

    [Fact]
    public void NodeAffinity_PreFilterPinsOnlyWhenEveryTermNamesNodes()
    {
        Assert.Equal(["n1"], NodeAffinityPlugin.PreFilterNodeNames(Pod().WithRequiredTerms(PinnedTo("n1")))!);
        Assert.Equal(["n1", "n2"], NodeAffinityPlugin.PreFilterNodeNames(Pod().WithRequiredTerms(PinnedTo("n1"), PinnedTo("n2")))!.Order());
        Assert.Null(NodeAffinityPlugin.PreFilterNodeNames(Pod().WithRequiredTerms(PinnedTo("n1"), Expr("k", "Exists"))));
        Assert.Null(NodeAffinityPlugin.PreFilterNodeNames(Pod()));
    }

    [Fact]
    public void NodeResourcesFit_ComparesRequestsWithAllocatableMinusRequested()
    {
        var plugin = new NodeResourcesFitPlugin();
        var node = Node("n", cpu: "2", memory: "1Gi", pods: "2");
        Assert.True(plugin.Filter(Pod(cpu: "1500m", memory: "512Mi"), Info(node, Pod(cpu: "500m", memory: "512Mi"))).IsSuccess);

        var status = plugin.Filter(Pod(cpu: "1600m", memory: "600Mi"), Info(node, Pod(cpu: "500m", memory: "512Mi")));
        Assert.Equal(FilterCode.Unschedulable, status.Code);
        Assert.Equal(["Insufficient cpu", "Insufficient memory"], status.Reasons);

        Assert.Equal(["Too many pods"], plugin.Filter(Pod(), Info(node, Pod(), Pod())).Reasons);
        // A pod requesting nothing only needs a pod slot.
        Assert.True(plugin.Filter(Pod(), Info(Node("full", cpu: "0", memory: "0"))).IsSuccess);
    }

    [Fact]
    public void NodePorts_RejectsConflictingHostPorts()
    {
        var plugin = new NodePortsPlugin();
        var node = Info(Node("n"), Pod(hostPort: 8080));
        Assert.Equal(["node(s) didn't have free ports for the requested pod ports"], plugin.Filter(Pod(hostPort: 8080), node).Reasons);
        Assert.Equal(FilterCode.Unschedulable, plugin.Filter(Pod(hostPort: 8080), node).Code);
        Assert.True(plugin.Filter(Pod(hostPort: 9090), node).IsSuccess);
        Assert.True(plugin.Filter(Pod(), node).IsSuccess);
    }
}
