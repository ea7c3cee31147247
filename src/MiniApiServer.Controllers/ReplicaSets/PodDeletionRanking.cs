using System.Globalization;
using k8s.Models;
using MiniApiServer.Controllers.DaemonSets;

namespace MiniApiServer.Controllers.ReplicaSets;

/// <summary>
/// getPodsToDelete (pkg/controller/replicaset/replica_set.go) with ActivePodsWithRanks.Less
/// (pkg/controller/controller_utils.go) and LogarithmicScaleDown, which is on by default: the pods that cost
/// least to lose go first. The rank of a pod is how many related pods (of this ReplicaSet and its siblings
/// under the same Deployment) share its node, so doubled-up nodes are thinned first.
/// </summary>
public static class PodDeletionRanking
{
    public const string DeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

    public static List<V1Pod> PodsToDelete(IReadOnlyList<V1Pod> filteredPods, IReadOnlyList<V1Pod> relatedPods, int diff, DateTimeOffset now)
    {
        if (diff >= filteredPods.Count)
        {
            return [.. filteredPods];
        }
        var podsOnNode = relatedPods.Where(p => !string.IsNullOrEmpty(p.Spec?.NodeName))
            .GroupBy(p => p.Spec.NodeName).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var ranked = filteredPods
            .Select(p => (Pod: p, Rank: string.IsNullOrEmpty(p.Spec?.NodeName) ? 0 : podsOnNode.GetValueOrDefault(p.Spec.NodeName)))
            .ToList();
        ranked.Sort((a, b) => Compare(a.Pod, a.Rank, b.Pod, b.Rank, now));
        return [.. ranked.Take(diff).Select(r => r.Pod)];
    }

    /// <summary>Negative when <paramref name="a"/> should be deleted before <paramref name="b"/>.</summary>
    public static int Compare(V1Pod a, int rankA, V1Pod b, int rankB, DateTimeOffset now)
    {
        // 1. Unassigned < assigned.
        var assignedA = !string.IsNullOrEmpty(a.Spec?.NodeName);
        var assignedB = !string.IsNullOrEmpty(b.Spec?.NodeName);
        if (assignedA != assignedB)
        {
            return assignedA ? 1 : -1;
        }
        // 2. Pending < Unknown < Running.
        var phase = PhaseOrder(a).CompareTo(PhaseOrder(b));
        if (phase != 0)
        {
            return phase;
        }
        // 3. Not ready < ready.
        var readyA = DaemonPods.IsReady(a);
        var readyB = DaemonPods.IsReady(b);
        if (readyA != readyB)
        {
            return readyA ? 1 : -1;
        }
        // 4. Lower pod-deletion-cost < higher.
        var cost = DeletionCost(a).CompareTo(DeletionCost(b));
        if (cost != 0)
        {
            return cost;
        }
        // 5. Doubled-up (higher rank) < lone.
        if (rankA != rankB)
        {
            return rankB.CompareTo(rankA);
        }
        // 6. Ready for less time < more time, compared on a log2 scale of the age.
        if (readyA && readyB)
        {
            var readyAge = Bucket(ReadySince(a), now).CompareTo(Bucket(ReadySince(b), now));
            if (readyAge != 0)
            {
                return readyAge;
            }
        }
        // 7. More restarts < fewer.
        var restarts = Restarts(b).CompareTo(Restarts(a));
        if (restarts != 0)
        {
            return restarts;
        }
        // 8. Newer < older, on the same log scale.
        return Bucket(a.Metadata.CreationTimestamp, now).CompareTo(Bucket(b.Metadata.CreationTimestamp, now));
    }

    private static int PhaseOrder(V1Pod pod) => pod.Status?.Phase switch
    {
        "Pending" => 0,
        "Unknown" => 1,
        "Running" => 2,
        _ => 0,
    };

    private static int DeletionCost(V1Pod pod) =>
        pod.Metadata.Annotations?.TryGetValue(DeletionCostAnnotation, out var v) == true
        && int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var cost) ? cost : 0;

    private static DateTime? ReadySince(V1Pod pod) => DaemonPods.ReadyCondition(pod)?.LastTransitionTime;

    private static int Restarts(V1Pod pod) => pod.Status?.ContainerStatuses?.Max(c => c.RestartCount) ?? 0;

    /// <summary>
    /// LogarithmicScaleDown: ages within the same power of two compare equal; a missing time sorts first
    /// (upstream: "empty creation time pods &lt; newer pods &lt; older pods").
    /// </summary>
    private static int Bucket(DateTime? since, DateTimeOffset now)
    {
        if (since is not { } t)
        {
            return -1;
        }
        var age = now - new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc));
        return age.Ticks <= 0 ? 0 : (int)Math.Floor(Math.Log2(age.Ticks * 100.0));
    }
}
