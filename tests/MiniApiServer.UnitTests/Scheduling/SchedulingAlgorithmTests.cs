using k8s.Models;
using MiniApiServer.Controllers.Scheduling;
using MiniApiServer.Controllers.Scheduling.Plugins;
using static MiniApiServer.UnitTests.Scheduling.SchedulingFixtures;

namespace MiniApiServer.UnitTests.Scheduling;

public sealed class SchedulingAlgorithmTests
{
    private static ScheduleResult Schedule(V1Pod pod, params V1Node[] nodes) =>
        SchedulingAlgorithm.Schedule(pod, nodes, n => Info(n));

    [Fact]
    public void FitError_CountsAndSortsReasonsAndAppendsPreemption()
    {
        var statuses = new Dictionary<string, FilterStatus>
        {
            ["a"] = FilterStatus.Unschedulable("Insufficient cpu"),
            ["b"] = FilterStatus.Unresolvable("node(s) didn't match Pod's node affinity/selector"),
            ["c"] = FilterStatus.Unresolvable("node(s) didn't match Pod's node affinity/selector"),
        };
        Assert.Equal(
            "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector. "
            + "preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
            new FitError(3, statuses).Message);
    }

    [Fact]
    public void FitError_AllUnresolvable()
    {
        var statuses = new Dictionary<string, FilterStatus>
        {
            ["a"] = FilterStatus.Unresolvable("node(s) had untolerated taint {k: v}"),
            ["b"] = FilterStatus.Unresolvable("node(s) were unschedulable"),
        };
        Assert.Equal(
            "0/2 nodes are available: 1 node(s) had untolerated taint {k: v}, 1 node(s) were unschedulable. "
            + "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
            new FitError(2, statuses).Message);
    }

    [Fact]
    public void Schedule_TooBigForEveryNode_ReportsEachReasonPerNode()
    {
        var result = Schedule(Pod(cpu: "64", memory: "1Ti"), Node("a"), Node("b", cpu: "100"));
        Assert.False(result.Scheduled);
        Assert.Equal(
            "0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.",
            result.FailureMessage);
    }

    [Fact]
    public void Schedule_FirstFailingFilterWins()
    {
        var tainted = Node("a", cpu: "0", taints: [new V1Taint { Key = "k", Value = "v", Effect = "NoSchedule" }]);
        var result = Schedule(Pod(cpu: "1"), tainted);
        Assert.Equal("0/1 nodes are available: 1 node(s) had untolerated taint {k: v}. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.", result.FailureMessage);
    }

    [Fact]
    public void Schedule_PinnedPod_EvaluatesOnlyItsNodeAndReportsTheRestAsPreFiltered()
    {
        var evaluated = new List<string>();
        var nodes = new[] { Node("a"), Node("b", cpu: "1"), Node("c") };
        var result = SchedulingAlgorithm.Schedule(Pod(cpu: "2").WithRequiredTerms(PinnedTo("b")), nodes, n =>
        {
            evaluated.Add(n.Metadata.Name);
            return Info(n);
        });
        Assert.Equal(["b"], evaluated);
        Assert.Equal(
            "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. "
            + "preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
            result.FailureMessage);
        Assert.Equal("c", SchedulingAlgorithm.Schedule(Pod().WithRequiredTerms(PinnedTo("c")), nodes, n => Info(n)).NodeName);
    }

    [Fact]
    public void Schedule_NoNodes()
    {
        Assert.Equal("no nodes available to schedule pods", Schedule(Pod()).FailureMessage);
    }

    [Fact]
    public void LeastAllocated_PrefersTheEmptierNode()
    {
        var busy = Info(Node("a"), Pod(cpu: "3", memory: "6Gi"));
        var idle = Info(Node("b"));
        Assert.True(LeastAllocatedScorer.Score(Pod(cpu: "1", memory: "1Gi"), idle) > LeastAllocatedScorer.Score(Pod(cpu: "1", memory: "1Gi"), busy));
        // cpu (4000-1000)*100/4000 = 75, memory (8Gi-2Gi)*100/8Gi = 75.
        Assert.Equal(75, LeastAllocatedScorer.Score(Pod(cpu: "1", memory: "2Gi"), idle));
        // Empty requests score as 100m / 200Mi.
        Assert.Equal(((4000 - 100) * 100 / 4000 + (8589934592L - 209715200) * 100 / 8589934592L) / 2, LeastAllocatedScorer.Score(Pod(), idle));

        var result = SchedulingAlgorithm.Schedule(Pod(cpu: "1"), [Node("a"), Node("b")],
            n => n.Metadata.Name == "a" ? busy : idle);
        Assert.Equal("b", result.NodeName);
    }

    [Fact]
    public void LeastAllocated_TiesGoToTheFirstNameForDeterminism()
    {
        Assert.Equal("a", Schedule(Pod(cpu: "1"), Node("c"), Node("a"), Node("b")).NodeName);
    }

    [Fact]
    public void Backoff_DoublesFromOneSecondToTen()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), UnschedulablePods.Backoff(1));
        Assert.Equal(TimeSpan.FromSeconds(2), UnschedulablePods.Backoff(2));
        Assert.Equal(TimeSpan.FromSeconds(8), UnschedulablePods.Backoff(4));
        Assert.Equal(TimeSpan.FromSeconds(10), UnschedulablePods.Backoff(5));
        Assert.Equal(TimeSpan.FromSeconds(10), UnschedulablePods.Backoff(50));
    }
}
