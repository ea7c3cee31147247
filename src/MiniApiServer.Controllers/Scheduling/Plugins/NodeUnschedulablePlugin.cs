using k8s.Models;

namespace MiniApiServer.Controllers.Scheduling.Plugins;

/// <summary>pkg/scheduler/framework/plugins/nodeunschedulable/node_unschedulable.go.</summary>
public sealed class NodeUnschedulablePlugin : IFilterPlugin
{
    public const string Reason = "node(s) were unschedulable";
    public const string TaintKey = "node.kubernetes.io/unschedulable";

    private static readonly V1Taint UnschedulableTaint = new() { Key = TaintKey, Effect = "NoSchedule" };

    public string Name => "NodeUnschedulable";

    public FilterStatus Filter(V1Pod pod, NodeInfo node)
    {
        if (node.Node.Spec?.Unschedulable != true)
        {
            return FilterStatus.Success;
        }
        // Upstream lets a pod that tolerates the unschedulable taint through even though the node only has the flag.
        return Tolerations.Tolerate(pod.Spec?.Tolerations, UnschedulableTaint)
            ? FilterStatus.Success
            : FilterStatus.Unresolvable(Reason);
    }
}
