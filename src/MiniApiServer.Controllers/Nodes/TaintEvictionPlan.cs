using k8s.Models;

namespace MiniApiServer.Controllers.Nodes;

public enum TaintEvictionAction
{
    /// <summary>No NoExecute taint, or all tolerated forever: cancel any scheduled eviction.</summary>
    Keep,
    EvictNow,
    EvictAfter,
}

/// <summary>
/// pkg/controller/tainteviction/taint_eviction.go processPodOnNode + getMinTolerationTime: a pod that does not
/// tolerate every NoExecute taint goes now; one tolerating all of them for a while goes after the shortest
/// tolerationSeconds (≤ 0 means now); tolerations without seconds keep it forever.
/// </summary>
public readonly record struct TaintEvictionPlan(TaintEvictionAction Action, TimeSpan Delay = default)
{
    public static TaintEvictionPlan Decide(IEnumerable<V1Taint>? nodeTaints, IList<V1Toleration>? tolerations)
    {
        var taints = (nodeTaints ?? []).Where(t => t.Effect == NodeTaints.NoExecute).ToList();
        if (taints.Count == 0)
        {
            return new(TaintEvictionAction.Keep);
        }
        var (allTolerated, used) = TaintToleration.Match(taints, tolerations);
        if (!allTolerated)
        {
            return new(TaintEvictionAction.EvictNow);
        }
        long? min = null;
        foreach (var seconds in used.Select(t => t.TolerationSeconds).OfType<long>())
        {
            if (seconds <= 0)
            {
                return new(TaintEvictionAction.EvictNow);
            }
            min = min is null ? seconds : Math.Min(min.Value, seconds);
        }
        return min is null ? new(TaintEvictionAction.Keep) : new(TaintEvictionAction.EvictAfter, TimeSpan.FromSeconds(min.Value));
    }
}
