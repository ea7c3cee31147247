using k8s.Models;
using MiniApiServer.Controllers.Scheduling.Plugins;

namespace MiniApiServer.Controllers.Scheduling;

/// <summary>
/// One scheduling cycle as pkg/scheduler/schedule_one.go schedulePod runs it, without side effects:
/// PreFilter narrows the nodes, each node runs the filters in the default profile's order and stops at the
/// first rejection, and the feasible node with the best least-allocated score wins (ties by name, where
/// upstream picks at random, so results are reproducible). As upstream, the search stops once it has found
/// <see cref="NumFeasibleNodesToFind"/> feasible nodes, and the next cycle starts where this one stopped.
/// </summary>
public static class SchedulingAlgorithm
{
    /// <summary>Default profile filter order (pkg/scheduler/apis/config/v1/default_plugins.go).</summary>
    public static readonly IReadOnlyList<IFilterPlugin> DefaultFilters =
    [
        new NodeUnschedulablePlugin(),
        new NodeNamePlugin(),
        new TaintTolerationPlugin(),
        new NodeAffinityPlugin(),
        new NodePortsPlugin(),
        new NodeResourcesFitPlugin(),
    ];

    public static ScheduleResult Schedule(V1Pod pod, IReadOnlyCollection<V1Node> nodes, Func<V1Node, NodeInfo> nodeInfo) =>
        Schedule(pod, nodes, nodeInfo, DefaultFilters);

    /// <param name="nodeByName">
    /// Optional lookup for PreFilter's pinned names, so a pinned pod (every daemon pod) costs O(pinned) instead of
    /// O(nodes); without it the candidates are found by scanning <paramref name="nodes"/>.
    /// </param>
    /// <param name="cursor">Upstream's nextStartNodeIndex: where the next search begins; null starts at the first node.</param>
    public static ScheduleResult Schedule(V1Pod pod, IReadOnlyCollection<V1Node> nodes, Func<V1Node, NodeInfo> nodeInfo,
        IReadOnlyList<IFilterPlugin> filters, Func<string, V1Node?>? nodeByName = null, NodeSearchCursor? cursor = null)
    {
        if (nodes.Count == 0)
        {
            return ScheduleResult.Fail(ScheduleResult.NoNodesAvailable);
        }
        var statuses = new Dictionary<string, FilterStatus>(StringComparer.Ordinal);
        var names = NodeAffinityPlugin.PreFilterNodeNames(pod);
        IReadOnlyList<V1Node> candidates = names is null ? nodes as IReadOnlyList<V1Node> ?? [.. nodes]
            : nodeByName is null ? [.. nodes.Where(n => names.Contains(n.Metadata.Name))]
            : [.. names.Select(nodeByName).OfType<V1Node>()];
        string? best = null;
        var bestScore = long.MinValue;
        var toFind = names is null ? NumFeasibleNodesToFind(candidates.Count) : candidates.Count;
        var start = names is null && cursor is not null && candidates.Count > 0 ? cursor.Next % candidates.Count : 0;
        var processed = 0;
        var feasible = 0;
        for (; processed < candidates.Count && feasible < toFind; processed++)
        {
            var node = candidates[(start + processed) % candidates.Count];
            var info = nodeInfo(node);
            var status = RunFilters(pod, info, filters);
            if (!status.IsSuccess)
            {
                statuses[info.Name] = status;
                continue;
            }
            feasible++;
            var score = LeastAllocatedScorer.Score(pod, info);
            if (score > bestScore || (score == bestScore && string.CompareOrdinal(info.Name, best) < 0))
            {
                best = info.Name;
                bestScore = score;
            }
        }
        if (names is null && cursor is not null && candidates.Count > 0)
        {
            cursor.Next = (start + processed) % candidates.Count;
        }
        if (best is not null)
        {
            return ScheduleResult.Bind(best);
        }
        if (names is not null)
        {
            // Only the failure message needs the nodes PreFilter left out; building them for every pinned pod
            // was O(nodes) allocations per pod under the scheduling lock.
            foreach (var n in nodes.Where(n => !names.Contains(n.Metadata.Name)))
            {
                statuses[n.Metadata.Name] = FilterStatus.Unresolvable(NodeAffinityPlugin.PreFilterReason);
            }
        }
        return ScheduleResult.Fail(new FitError(nodes.Count, statuses).Message);
    }

    /// <summary>
    /// numFeasibleNodesToFind with percentageOfNodesToScore unset (pkg/scheduler/schedule_one.go): every node below
    /// 100, else 50% minus one point per 125 nodes, at least 5% and at least 100 nodes (10% = 500 of 5,000).
    /// </summary>
    public static int NumFeasibleNodesToFind(int allNodes)
    {
        const int minFeasibleNodesToFind = 100;
        const int minFeasibleNodesPercentageToFind = 5;
        if (allNodes < minFeasibleNodesToFind)
        {
            return allNodes;
        }
        var percentage = Math.Max(minFeasibleNodesPercentageToFind, 50 - allNodes / 125);
        return Math.Max(minFeasibleNodesToFind, allNodes * percentage / 100);
    }

    public static FilterStatus RunFilters(V1Pod pod, NodeInfo node, IReadOnlyList<IFilterPlugin> filters)
    {
        foreach (var filter in filters)
        {
            var status = filter.Filter(pod, node);
            if (!status.IsSuccess)
            {
                return status;
            }
        }
        return FilterStatus.Success;
    }
}
