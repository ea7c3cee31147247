using k8s.Models;
using MiniApiServer.Controllers.ReplicaSets;

namespace MiniApiServer.UnitTests.Deployments;

/// <summary>The order of ActivePodsWithRanks.Less (pkg/controller/controller_utils_test.go TestSortingActivePodsWithRanks).</summary>
public sealed class PodDeletionRankingTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static V1Pod Pod(string name, string? node = "n1", string phase = "Running", bool ready = true, DateTimeOffset? created = null,
        int restarts = 0, string? cost = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            Uid = name,
            CreationTimestamp = (created ?? Now.AddHours(-1)).UtcDateTime,
            Annotations = cost is null ? null : new Dictionary<string, string> { [PodDeletionRanking.DeletionCostAnnotation] = cost },
        },
        Spec = new V1PodSpec { NodeName = node },
        Status = new V1PodStatus
        {
            Phase = phase,
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False", LastTransitionTime = (created ?? Now.AddHours(-1)).UtcDateTime }],
            ContainerStatuses = [new V1ContainerStatus { Name = "c", RestartCount = restarts, Image = "i", ImageID = "", Ready = ready }],
        },
    };

    [Fact]
    public void PodsToDelete_TakesTheCheapestFirst()
    {
        var running = Pod("running", node: "n1");
        var unassigned = Pod("unassigned", node: null, phase: "Pending", ready: false);
        var pending = Pod("pending", node: "n2", phase: "Pending", ready: false);
        var notReady = Pod("not-ready", node: "n3", ready: false);
        var cheap = Pod("cheap", node: "n4", cost: "-10");
        // Asking for all of them skips the ranking, as upstream's getPodsToDelete does; one fewer shows the order.
        var ordered = PodDeletionRanking.PodsToDelete([running, unassigned, pending, notReady, cheap], [], 4, Now);
        Assert.Equal(["unassigned", "pending", "not-ready", "cheap"], ordered.Select(p => p.Metadata.Name));
    }

    [Fact]
    public void PodsToDelete_ThinsDoubledUpNodesFirst_ThenNewerPods()
    {
        var alone = Pod("alone", node: "n1", created: Now.AddDays(-10));
        var doubledA = Pod("doubled-a", node: "n2", created: Now.AddDays(-10));
        var doubledB = Pod("doubled-b", node: "n2", created: Now.AddDays(-10));
        var young = Pod("young", node: "n3", created: Now.AddSeconds(-5));
        var related = new[] { alone, doubledA, doubledB, young };
        var first = PodDeletionRanking.PodsToDelete([alone, doubledA, doubledB, young], related, 2, Now);
        Assert.All(first, p => Assert.Equal("n2", p.Spec.NodeName));
        Assert.Equal("young", PodDeletionRanking.PodsToDelete([alone, young], related, 1, Now).Single().Metadata.Name);
    }

    [Fact]
    public void PodsToDelete_PrefersMoreRestarts()
    {
        var stable = Pod("stable", node: "n1");
        var crashy = Pod("crashy", node: "n2", restarts: 5);
        Assert.Equal("crashy", PodDeletionRanking.PodsToDelete([stable, crashy], [], 1, Now).Single().Metadata.Name);
    }
}
