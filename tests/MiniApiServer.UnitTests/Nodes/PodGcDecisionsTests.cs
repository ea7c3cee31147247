using k8s.Models;
using MiniApiServer.Controllers.Nodes;

namespace MiniApiServer.UnitTests.Nodes;

public sealed class PodGcDecisionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static V1Pod Pod(string name, string? phase, int ageMinutes = 0, string? node = null, string? reason = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", CreationTimestamp = Now.AddMinutes(-ageMinutes).UtcDateTime },
        Spec = new V1PodSpec { NodeName = node },
        Status = new V1PodStatus { Phase = phase, Reason = reason },
    };

    [Fact]
    public void TerminatedAboveThreshold_OldestAndEvictedFirst()
    {
        var pods = new[]
        {
            Pod("old", "Succeeded", 30), Pod("older", "Failed", 60), Pod("young-evicted", "Failed", 1, reason: "Evicted"),
            Pod("running", "Running", 90), Pod("new", "Succeeded", 0),
        };
        Assert.Equal(["young-evicted", "older"], PodGcDecisions.TerminatedToDelete(pods, 2).Select(p => p.Metadata.Name));
        Assert.Empty(PodGcDecisions.TerminatedToDelete(pods, 4));
        Assert.Empty(PodGcDecisions.TerminatedToDelete(pods, 0));
    }

    [Fact]
    public void MissingNodes_OnlyUnknownNodes()
    {
        Assert.Equal(["gone"], PodGcDecisions.MissingNodes(["gone", "here", ""], n => n == "here"));
    }

    [Fact]
    public void States_IndexEveryPodARuleCanSelect()
    {
        var terminating = Pod("d", "Running");
        terminating.Metadata.DeletionTimestamp = Now.UtcDateTime;
        var terminalAndTerminating = Pod("e", "Failed");
        terminalAndTerminating.Metadata.DeletionTimestamp = Now.UtcDateTime;
        Assert.Empty(PodGcDecisions.States(Pod("a", "Running")));
        Assert.Empty(PodGcDecisions.States(Pod("b", null)));
        Assert.Equal(["Terminal"], PodGcDecisions.States(Pod("c", "Succeeded")));
        Assert.Equal(["Terminating"], PodGcDecisions.States(terminating));
        Assert.Equal(["Terminal", "Terminating"], PodGcDecisions.States(terminalAndTerminating));
    }

    [Fact]
    public void MarkFailed_AddsDisruptionTargetOnlyForRunningPods()
    {
        var running = Pod("a", "Running");
        Assert.True(PodGcDecisions.MarkFailed(running, Now, nodeGone: true));
        Assert.Equal("Failed", running.Status.Phase);
        var c = PodConditions.Get(running, "DisruptionTarget")!;
        Assert.Equal(("True", "DeletionByPodGC", "PodGC: node no longer exists"), (c.Status, c.Reason, c.Message));
        Assert.False(PodGcDecisions.MarkFailed(Pod("b", "Succeeded"), Now, nodeGone: true));
    }

    [Fact]
    public void TerminatingPods_UnscheduledOrOnOutOfServiceNode()
    {
        var unscheduled = Pod("a", "Pending");
        unscheduled.Metadata.DeletionTimestamp = Now.UtcDateTime;
        Assert.True(PodGcDecisions.IsUnscheduledTerminating(unscheduled));
        var bound = Pod("b", "Running", node: "n");
        bound.Metadata.DeletionTimestamp = Now.UtcDateTime;
        Assert.False(PodGcDecisions.IsUnscheduledTerminating(bound));
        var node = new V1Node
        {
            Metadata = new V1ObjectMeta { Name = "n" },
            Spec = new V1NodeSpec { Taints = [new V1Taint { Key = NodeTaints.OutOfService, Effect = "NoExecute" }] },
            Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = "Unknown" }] },
        };
        Assert.True(PodGcDecisions.IsTerminatingOnOutOfServiceNode(bound, node));
        node.Status.Conditions[0].Status = "True";
        Assert.False(PodGcDecisions.IsTerminatingOnOutOfServiceNode(bound, node));
    }
}
