using k8s.Models;
using MiniApiServer.Controllers.Nodes;

namespace MiniApiServer.UnitTests.Nodes;

public sealed class NodeLifecycleDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(50);

    private static V1Node Node(string? ready, DateTimeOffset? heartbeat = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "n", CreationTimestamp = Now.AddHours(-1).UtcDateTime },
        Spec = new V1NodeSpec(),
        Status = new V1NodeStatus
        {
            Conditions = ready is null ? [] :
            [
                new V1NodeCondition { Type = "Ready", Status = ready, LastHeartbeatTime = (heartbeat ?? Now).UtcDateTime, LastTransitionTime = Now.AddHours(-1).UtcDateTime },
                new V1NodeCondition { Type = "MemoryPressure", Status = "False" },
                new V1NodeCondition { Type = "NetworkUnavailable", Status = "False" },
            ],
        },
    };

    private static V1Lease Lease(DateTimeOffset renewed) => new() { Spec = new V1LeaseSpec { RenewTime = renewed.UtcDateTime } };

    [Fact]
    public void LastProbe_IsNewestOfLeaseHeartbeatAndFirstObservation()
    {
        var node = Node("True", Now.AddMinutes(-5));
        Assert.Equal(Now.AddSeconds(-3), NodeHealth.LastProbe(node, Lease(Now.AddSeconds(-3)), Now.AddMinutes(-10)));
        Assert.Equal(Now.AddMinutes(-5), NodeHealth.LastProbe(node, null, Now.AddMinutes(-10)));
        Assert.Equal(Now.AddMinutes(-1), NodeHealth.LastProbe(node, Lease(Now.AddMinutes(-7)), Now.AddMinutes(-1)));
    }

    [Fact]
    public void LeaseAloneKeepsNodeHealthy()
    {
        var node = Node("True", Now.AddMinutes(-30));
        var probe = NodeHealth.LastProbe(node, Lease(Now.AddSeconds(-5)), Now.AddHours(-1));
        Assert.False(NodeHealth.IsStale(probe, Now, Grace));
        Assert.True(NodeHealth.IsStale(NodeHealth.LastProbe(node, null, Now.AddHours(-1)), Now, Grace));
    }

    [Fact]
    public void MarkUnknown_SetsMonitoredConditionsOnly()
    {
        var node = Node("True");
        NodeHealth.MarkUnknown(node, Now);
        var ready = node.Status.Conditions.Single(c => c.Type == "Ready");
        Assert.Equal(("Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status."), (ready.Status, ready.Reason, ready.Message));
        Assert.Equal(Now.UtcDateTime, ready.LastTransitionTime);
        Assert.Equal("False", node.Status.Conditions.Single(c => c.Type == "NetworkUnavailable").Status);
        var disk = node.Status.Conditions.Single(c => c.Type == "DiskPressure");
        Assert.Equal(("Unknown", "NodeStatusNeverUpdated"), (disk.Status, disk.Reason));
        Assert.False(NodeHealth.NeedsUnknown(node));
    }

    [Fact]
    public void Taints_FollowReadyCondition()
    {
        var unknown = NodeTaints.Reconcile(Node("Unknown"), Now, allZonesDisrupted: false)!;
        Assert.Equal([(NodeTaints.Unreachable, "NoExecute"), (NodeTaints.Unreachable, "NoSchedule")], unknown.Select(t => (t.Key, t.Effect)).Order());
        Assert.Null(unknown.Single(t => t.Effect == "NoSchedule").TimeAdded);
        Assert.Equal(Now.UtcDateTime, unknown.Single(t => t.Effect == "NoExecute").TimeAdded);

        var notReady = Node("False");
        notReady.Spec.Taints = unknown;
        var swapped = NodeTaints.Reconcile(notReady, Now, allZonesDisrupted: false)!;
        Assert.Equal([(NodeTaints.NotReady, "NoExecute"), (NodeTaints.NotReady, "NoSchedule")], swapped.Select(t => (t.Key, t.Effect)).Order());

        var healthy = Node("True");
        healthy.Spec.Taints = [.. swapped, new V1Taint { Key = "user", Effect = "NoSchedule" }];
        Assert.Equal(["user"], NodeTaints.Reconcile(healthy, Now, allZonesDisrupted: false)!.Select(t => t.Key));
    }

    [Fact]
    public void Taints_UnchangedReturnsNull_AndCordonAddsUnschedulable()
    {
        Assert.Null(NodeTaints.Reconcile(Node("True"), Now, false));
        var cordoned = Node("True");
        cordoned.Spec.Unschedulable = true;
        var taints = NodeTaints.Reconcile(cordoned, Now, false)!;
        Assert.Equal((NodeTaints.Unschedulable, "NoSchedule"), (taints.Single().Key, taints.Single().Effect));
        cordoned.Spec.Taints = taints;
        Assert.Null(NodeTaints.Reconcile(cordoned, Now, false));
    }

    [Fact]
    public void Taints_AllZonesDisrupted_WithholdsNoExecute()
    {
        var taints = NodeTaints.Reconcile(Node("Unknown"), Now, allZonesDisrupted: true)!;
        Assert.Equal((NodeTaints.Unreachable, "NoSchedule"), (taints.Single().Key, taints.Single().Effect));
    }

    [Fact]
    public void Labels_BetaFollowGa()
    {
        var changes = NodeLabels.Reconcile(new Dictionary<string, string> { ["kubernetes.io/os"] = "linux", ["beta.kubernetes.io/arch"] = "arm64", ["kubernetes.io/arch"] = "amd64" })!;
        Assert.Equal("linux", changes["beta.kubernetes.io/os"]);
        Assert.Equal("amd64", changes["beta.kubernetes.io/arch"]);
        Assert.Null(NodeLabels.Reconcile(new Dictionary<string, string> { ["kubernetes.io/os"] = "linux", ["beta.kubernetes.io/os"] = "linux" }));
    }
}
