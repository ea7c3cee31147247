using MiniApiServer.Application.Admission;
using MiniApiServer.Controllers.DaemonSets;
using static MiniApiServer.UnitTests.DaemonSets.Fixtures;

namespace MiniApiServer.UnitTests.DaemonSets;

/// <summary>update_test.go: TestDaemonSetUpdatesPods and friends, and TestGetUnavailableNumbers.</summary>
public sealed class RollingUpdatePlannerTests
{
    private static k8s.Models.V1Pod[] OldPods(int n, bool ready = true) =>
        Enumerable.Range(0, n).Select(i => Pod($"p{i}", $"node-{i}", hash: "old", ready: ready)).ToArray();

    [Fact]
    public void Plan_AllOldReady_DeletesUpToMaxUnavailable()
    {
        var plan = RollingUpdatePlanner.Plan(DaemonSet(maxUnavailable: "2"), NodeList(5), ByNode(OldPods(5)), "new", Now);
        Assert.Equal(2, plan.PodsToDelete.Count);
        Assert.Empty(plan.NodesToCreate);
    }

    [Fact]
    public void Plan_NoSurge_TerminatingPodUsesBudget_NoReplacementOrFurtherDelete()
    {
        // update.go (maxSurge == 0): a node whose only pod is terminating has neither an old nor a new pod and
        // counts as unavailable; the replacement comes from manage() only once the pod is gone.
        var pods = OldPods(3);
        pods[0] = Pod("p0", "node-0", hash: "old", deleting: true);
        var plan = RollingUpdatePlanner.Plan(DaemonSet(maxUnavailable: "1"), NodeList(3), ByNode(pods), "new", Now);
        Assert.Empty(plan.PodsToDelete);
        Assert.Empty(plan.NodesToCreate);
        Assert.Empty(DaemonSetPlanner.Manage(DaemonSet(maxUnavailable: "1"), NodeList(3), ByNode(pods), "new", Now, _ => null).NodesNeedingPods);
    }

    [Fact]
    public void Plan_AllOldNotReady_DeletesAllAtOnce()
    {
        var plan = RollingUpdatePlanner.Plan(DaemonSet(maxUnavailable: "2"), NodeList(5), ByNode(OldPods(5, ready: false)), "new", Now);
        Assert.Equal(5, plan.PodsToDelete.Count);
    }

    [Fact]
    public void Plan_NewPodNotReady_CountsAgainstBudget()
    {
        var pods = OldPods(4).Append(Pod("n", "node-4", hash: "new", ready: false)).ToArray();
        var plan = RollingUpdatePlanner.Plan(DaemonSet(maxUnavailable: "2"), NodeList(5), ByNode(pods), "new", Now);
        Assert.Single(plan.PodsToDelete);
    }

    [Fact]
    public void Plan_NoTemplateChange_DeletesNothing()
    {
        var pods = Enumerable.Range(0, 5).Select(i => Pod($"p{i}", $"node-{i}", hash: "new")).ToArray();
        var plan = RollingUpdatePlanner.Plan(DaemonSet(maxUnavailable: "2"), NodeList(5), ByNode(pods), "new", Now);
        Assert.Empty(plan.PodsToDelete);
    }

    [Fact]
    public void Plan_Surge_CreatesNewPodsBesideOldOnes()
    {
        var plan = RollingUpdatePlanner.Plan(DaemonSet(maxUnavailable: "0", maxSurge: "1"), NodeList(5), ByNode(OldPods(5)), "new", Now);
        Assert.Single(plan.NodesToCreate);
        Assert.Empty(plan.PodsToDelete);
    }

    [Fact]
    public void Plan_Surge_PendingSurgeOnALaterNode_LeavesNoRoomForACandidate()
    {
        // node-0 is a candidate before node-1's unready new pod is counted; with maxSurge 1 the one surge is
        // already spent on node-1, so nothing may be created.
        var pods = OldPods(3).Append(Pod("n1", "node-1", hash: "new", ready: false)).ToArray();
        var plan = RollingUpdatePlanner.Plan(DaemonSet(maxUnavailable: "0", maxSurge: "1"), NodeList(3), ByNode(pods), "new", Now);
        Assert.Empty(plan.NodesToCreate);
        Assert.Empty(plan.PodsToDelete);
    }

    [Fact]
    public void Plan_Surge_SecondTemplateChangeMidRollout_CreatesNothingWhileSurgedNodeHasTwoOldPods()
    {
        // A second template change turns node-1's surged pod (hash "mid") into a second old pod: the node is
        // not ok and counts as one surge, which exhausts maxSurge 1.
        var pods = OldPods(3).Append(Pod("m1", "node-1", hash: "mid", ready: false)).ToArray();
        var plan = RollingUpdatePlanner.Plan(DaemonSet(maxUnavailable: "0", maxSurge: "1"), NodeList(3), ByNode(pods), "latest", Now);
        Assert.Empty(plan.NodesToCreate);
    }

    [Fact]
    public void Plan_Surge_UnavailableOldPodIsReplacedEvenWithSurgeExhausted()
    {
        var pods = OldPods(3).Append(Pod("n1", "node-1", hash: "new", ready: false)).ToArray();
        pods[2] = Pod("p2", "node-2", hash: "old", ready: false);
        var plan = RollingUpdatePlanner.Plan(DaemonSet(maxUnavailable: "0", maxSurge: "1"), NodeList(3), ByNode(pods), "new", Now);
        Assert.Equal(["node-2"], plan.NodesToCreate);
    }

    [Fact]
    public void Plan_Surge_TwoFreeSurges_CreateOnTwoNodes()
    {
        var pods = OldPods(4).Append(Pod("n3", "node-3", hash: "new", ready: false)).ToArray();
        var plan = RollingUpdatePlanner.Plan(DaemonSet(maxUnavailable: "0", maxSurge: "3"), NodeList(4), ByNode(pods), "new", Now);
        Assert.Equal(2, plan.NodesToCreate.Count);
        Assert.DoesNotContain("node-3", plan.NodesToCreate);
    }

    [Theory]
    [InlineData("50%", 2, 1)]
    [InlineData("100%", 2, 2)]
    [InlineData("50%", 3, 2)]
    [InlineData("10%", 5, 1)]
    [InlineData("3", 10, 3)]
    public void Scaled_PercentRoundsUp(string value, int total, int expected) =>
        Assert.Equal(expected, IntOrPercent.Scaled(int.TryParse(value, out var i) ? i : value, total, roundUp: true));
}
