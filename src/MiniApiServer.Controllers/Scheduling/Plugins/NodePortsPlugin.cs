using k8s.Models;

namespace MiniApiServer.Controllers.Scheduling.Plugins;

/// <summary>pkg/scheduler/framework/plugins/nodeports/node_ports.go.</summary>
public sealed class NodePortsPlugin : IFilterPlugin
{
    public const string Reason = "node(s) didn't have free ports for the requested pod ports";

    public string Name => "NodePorts";

    public FilterStatus Filter(V1Pod pod, NodeInfo node)
    {
        var wanted = HostPort.Of(pod).ToList();
        return wanted.Any(w => node.UsedPorts.Any(w.ConflictsWith))
            ? FilterStatus.Unschedulable(Reason)
            : FilterStatus.Success;
    }
}
