using k8s.Models;

namespace MiniApiServer.Controllers.Scheduling.Plugins;

/// <summary>
/// pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go: the first untolerated NoSchedule or
/// NoExecute taint rejects the node; PreferNoSchedule only affects scoring.
/// </summary>
public sealed class TaintTolerationPlugin : IFilterPlugin
{
    public string Name => "TaintToleration";

    public FilterStatus Filter(V1Pod pod, NodeInfo node)
    {
        foreach (var taint in node.Node.Spec?.Taints ?? [])
        {
            if (taint.Effect is "NoSchedule" or "NoExecute" && !Tolerations.Tolerate(pod.Spec?.Tolerations, taint))
            {
                return FilterStatus.Unresolvable($"node(s) had untolerated taint {{{taint.Key}: {taint.Value}}}");
            }
        }
        return FilterStatus.Success;
    }
}
