using MiniApiServer.Controllers.DaemonSets;
using static MiniApiServer.UnitTests.DaemonSets.Fixtures;

namespace MiniApiServer.UnitTests.DaemonSets;

/// <summary>Create/delete counts of manage() from daemon_controller_test.go.</summary>
public sealed class DaemonSetPlannerTests
{
    private static ManagePlan Manage(k8s.Models.V1DaemonSet ds, int nodes, params k8s.Models.V1Pod[] pods) =>
        DaemonSetPlanner.Manage(ds, NodeList(nodes), ByNode(pods), "h1", Now, _ => null);

    [Fact]
    public void Manage_FiveEmptyNodes_CreatesFive()
    {
        var plan = Manage(DaemonSet(), 5);
        Assert.Equal(5, plan.NodesNeedingPods.Count);
        Assert.Empty(plan.PodsToDelete);
    }

    [Fact]
    public void Manage_DealsWithExistingPods_CreatesOnEmptyNodesAndDeletesExtras()
    {
        // TestDealsWithExistingPods: node-1 has 1 pod, node-2 has 2, node-3 has 5; node-4's pods do not match and are not claimed.
        var pods = new[] { Pod("a", "node-1") }
            .Concat(Enumerable.Range(0, 2).Select(i => Pod($"b{i}", "node-2", ageSeconds: 100 - i)))
            .Concat(Enumerable.Range(0, 5).Select(i => Pod($"c{i}", "node-3", ageSeconds: 100 - i)))
            .ToArray();
        var plan = Manage(DaemonSet(), 5, pods);
        Assert.Equal(["node-0", "node-4"], plan.NodesNeedingPods.Order());
        Assert.Equal(5, plan.PodsToDelete.Count);
        Assert.DoesNotContain(plan.PodsToDelete, p => p.Metadata.Name is "b0" or "c0");
    }

    [Fact]
    public void Manage_OnlyPodTerminating_CreatesNothing()
    {
        var plan = Manage(DaemonSet(), 1, Pod("a", "node-0", deleting: true));
        Assert.Empty(plan.NodesNeedingPods);
        Assert.Empty(plan.PodsToDelete);
    }

    [Theory]
    [InlineData(0, 1, 0, 0)]
    [InlineData(0, 0, 1, 0)]
    [InlineData(1, 0, 0, 1)]
    [InlineData(1, 3, 0, 3)]
    public void Manage_FailedPods_DeletedWithoutCreate(int failed, int normal, int expectedCreates, int expectedDeletes)
    {
        var pods = Enumerable.Range(0, failed).Select(i => Pod($"f{i}", "node-0", phase: "Failed"))
            .Concat(Enumerable.Range(0, normal).Select(i => Pod($"n{i}", "node-0", ageSeconds: 100 - i)))
            .ToArray();
        var plan = Manage(DaemonSet(), 1, pods);
        Assert.Equal(expectedCreates, plan.NodesNeedingPods.Count);
        Assert.Equal(expectedDeletes, plan.PodsToDelete.Count);
        Assert.Equal(failed, plan.FailedPods.Count);
    }

    [Fact]
    public void Manage_FailedPodInBackoff_IsKeptAndRequeued()
    {
        var plan = DaemonSetPlanner.Manage(DaemonSet(), NodeList(1), ByNode(Pod("f", "node-0", phase: "Failed")), "h1", Now, _ => TimeSpan.FromSeconds(2));
        Assert.Empty(plan.PodsToDelete);
        Assert.Equal(TimeSpan.FromSeconds(2), plan.RequeueAfter);
    }

    [Fact]
    public void Manage_MisscheduledPod_IsDeleted()
    {
        var ds = DaemonSet();
        ds.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["color"] = "blue" };
        var plan = Manage(ds, 1, Pod("a", "node-0"));
        Assert.Single(plan.PodsToDelete);
    }

    [Fact]
    public void Manage_SurgePreservesReadyOldPod_DeletesNewerOld()
    {
        // TestSurgePreservesReadyOldPods: keep the new pod and the oldest ready old pod.
        var ds = DaemonSet(maxUnavailable: "0", maxSurge: "1");
        var plan = Manage(ds, 1,
            Pod("new", "node-0", hash: "h1", ready: false, ageSeconds: 10),
            Pod("old1", "node-0", hash: "h0", ageSeconds: 100),
            Pod("old2", "node-0", hash: "h0", ageSeconds: 50));
        Assert.Equal(["old2"], plan.PodsToDelete.Select(p => p.Metadata.Name));
    }

    [Fact]
    public void Manage_SurgeDeletesOldOnceNewAvailable()
    {
        var ds = DaemonSet(maxUnavailable: "0", maxSurge: "1");
        var plan = Manage(ds, 1, Pod("new", "node-0", hash: "h1", ageSeconds: 10), Pod("old", "node-0", hash: "h0", ageSeconds: 100));
        Assert.Equal(["old"], plan.PodsToDelete.Select(p => p.Metadata.Name));
    }

    [Fact]
    public void Manage_SurgeNewPodReadyButNotYetAvailable_RequeuesWhenItWillBe()
    {
        // The new pod turned Ready 50 s before Now; with minReadySeconds 60 it is available 10 s (plus the
        // one-second margin for whole-second timestamps) later, and nothing but this requeue brings the sync back.
        var ds = DaemonSet(maxUnavailable: "0", maxSurge: "1");
        ds.Spec.MinReadySeconds = 60;
        var plan = Manage(ds, 1, Pod("new", "node-0", hash: "h1", ageSeconds: 55), Pod("old", "node-0", hash: "h0", ageSeconds: 100));
        Assert.Empty(plan.PodsToDelete);
        Assert.NotNull(plan.RequeueAfter);
        Assert.InRange(plan.RequeueAfter.Value, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(11));
    }
}
