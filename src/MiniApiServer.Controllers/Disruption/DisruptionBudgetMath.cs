using k8s.Models;
using MiniApiServer.Application.Admission;

namespace MiniApiServer.Controllers.Disruption;

/// <summary>
/// The pure arithmetic of pkg/controller/disruption/disruption.go: how many of a budget's pods are healthy, how many
/// must be, and which evictions the eviction handler recorded are still on their way (disruptedPods).
/// </summary>
public static class DisruptionBudgetMath
{
    /// <summary>
    /// DeletionTimeout: an eviction recorded in disruptedPods is trusted for this long to show up as a deleting pod;
    /// after that the pod is assumed to stay and counts again.
    /// </summary>
    public static readonly TimeSpan DeletionTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// getExpectedPodCount: an integer minAvailable counts the matching pods; maxUnavailable and percentages need the
    /// scale of the pods' controllers, which <paramref name="expectedScale"/> computes only when asked.
    /// </summary>
    public static (int Expected, int DesiredHealthy) Desired(V1PodDisruptionBudgetSpec spec, int podCount, Func<int> expectedScale)
    {
        if (spec.MaxUnavailable is { } maxUnavailable)
        {
            var expected = expectedScale();
            return (expected, Math.Max(0, expected - IntOrPercent.Scaled(maxUnavailable, expected, roundUp: true)));
        }
        if (spec.MinAvailable is { } minAvailable)
        {
            if (!IsPercent(minAvailable))
            {
                return (podCount, IntOrPercent.Scaled(minAvailable, 0, roundUp: true));
            }
            var expected = expectedScale();
            return (expected, IntOrPercent.Scaled(minAvailable, expected, roundUp: true));
        }
        return (0, 0);
    }

    /// <summary>countHealthyPods: ready pods that are neither deleting nor recently evicted.</summary>
    public static int CurrentHealthy(IEnumerable<V1Pod> pods, IReadOnlyDictionary<string, DateTime?> disrupted, DateTimeOffset now) =>
        pods.Count(p => p.Metadata.DeletionTimestamp is null
            && !(disrupted.TryGetValue(p.Metadata.Name, out var at) && at is { } t && new DateTimeOffset(t, TimeSpan.Zero) + DeletionTimeout > now)
            && IsReady(p));

    /// <summary>
    /// buildDisruptedPodMap: entries for pods now deleting (or gone) are dropped, entries past DeletionTimeout are
    /// dropped and reported, the rest are kept; the earliest expiry is when to look again.
    /// </summary>
    public static (Dictionary<string, DateTime?> Kept, DateTimeOffset? RecheckAt, List<V1Pod> NotDeleted) DisruptedPods(
        IEnumerable<V1Pod> pods, IDictionary<string, DateTime?>? recorded, DateTimeOffset now)
    {
        var kept = new Dictionary<string, DateTime?>(StringComparer.Ordinal);
        var notDeleted = new List<V1Pod>();
        DateTimeOffset? recheck = null;
        if (recorded is null)
        {
            return (kept, recheck, notDeleted);
        }
        foreach (var pod in pods.Where(p => p.Metadata.DeletionTimestamp is null))
        {
            if (!recorded.TryGetValue(pod.Metadata.Name, out var at) || at is not { } time)
            {
                continue;
            }
            var expectedDeletion = new DateTimeOffset(time, TimeSpan.Zero) + DeletionTimeout;
            if (expectedDeletion < now)
            {
                notDeleted.Add(pod);
                continue;
            }
            if (recheck is null || expectedDeletion < recheck)
            {
                recheck = expectedDeletion;
            }
            kept[pod.Metadata.Name] = at;
        }
        return (kept, recheck, notDeleted);
    }

    /// <summary>updatePdbStatus: a budget that expects no pods allows nothing, so its first pods are safe before it catches up.</summary>
    public static int DisruptionsAllowed(int currentHealthy, int desiredHealthy, int expected) =>
        expected <= 0 ? 0 : Math.Max(0, currentHealthy - desiredHealthy);

    public static bool IsReady(V1Pod pod) =>
        pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private static bool IsPercent(IntOrString value) => value.Value?.EndsWith('%') == true;
}
