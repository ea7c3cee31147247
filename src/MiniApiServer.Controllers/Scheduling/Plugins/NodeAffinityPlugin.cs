using k8s.Models;

namespace MiniApiServer.Controllers.Scheduling.Plugins;

/// <summary>pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go (PreFilter and Filter).</summary>
public sealed class NodeAffinityPlugin : IFilterPlugin
{
    public const string Reason = "node(s) didn't match Pod's node affinity/selector";

    /// <summary>What nodes left out by PreFilter are reported as (schedule_one.go findNodesThatFitPod).</summary>
    public const string PreFilterReason = "node(s) didn't satisfy plugin(s) [NodeAffinity]";

    public string Name => "NodeAffinity";

    public FilterStatus Filter(V1Pod pod, NodeInfo node) =>
        NodeSelectorMatcher.Matches(pod, node.Node) ? FilterStatus.Success : FilterStatus.Unresolvable(Reason);

    /// <summary>
    /// PreFilter: when every required term pins metadata.name with In, only those nodes can fit, so the rest
    /// need not be evaluated. This is what keeps thousands of pinned daemon pods cheap. Null means all nodes.
    /// </summary>
    public static IReadOnlySet<string>? PreFilterNodeNames(V1Pod pod)
    {
        var terms = pod.Spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms;
        if (terms is null || terms.Count == 0)
        {
            return null;
        }
        var union = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            HashSet<string>? termNames = null;
            foreach (var f in term.MatchFields ?? [])
            {
                if (f.Key == NodeSelectorMatcher.NodeNameField && f.OperatorProperty == "In")
                {
                    var values = new HashSet<string>(f.Values ?? [], StringComparer.Ordinal);
                    if (termNames is null)
                    {
                        termNames = values;
                    }
                    else
                    {
                        termNames.IntersectWith(values);
                    }
                }
            }
            if (termNames is null)
            {
                // One unpinned term can match any node.
                return null;
            }
            union.UnionWith(termNames);
        }
        return union;
    }
}
