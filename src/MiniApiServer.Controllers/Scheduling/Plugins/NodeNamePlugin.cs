using k8s.Models;

namespace MiniApiServer.Controllers.Scheduling.Plugins;

/// <summary>pkg/scheduler/framework/plugins/nodename/node_name.go.</summary>
public sealed class NodeNamePlugin : IFilterPlugin
{
    public const string Reason = "node(s) didn't match the requested node name";

    public string Name => "NodeName";

    public FilterStatus Filter(V1Pod pod, NodeInfo node) =>
        string.IsNullOrEmpty(pod.Spec?.NodeName) || pod.Spec.NodeName == node.Name
            ? FilterStatus.Success
            : FilterStatus.Unresolvable(Reason);
}
