using k8s.Models;

namespace MiniApiServer.Controllers.Scheduling;

/// <summary>
/// framework.NodeInfo: a node with the pods the scheduler counts on it (bound and non-terminal, plus
/// pods it has assumed but whose binding is not yet visible) and the aggregates the filters need.
/// </summary>
public sealed class NodeInfo
{
    public NodeInfo(V1Node node, IReadOnlyList<V1Pod> pods)
    {
        Node = node;
        Pods = pods;
        foreach (var pod in pods)
        {
            Requested += PodRequests.Of(pod);
            NonZeroRequested += PodRequests.NonZero(pod);
            UsedPorts.AddRange(HostPort.Of(pod));
        }
        var allocatable = node.Status?.Allocatable;
        Allocatable = new Resources(
            allocatable is not null && allocatable.TryGetValue("cpu", out var cpu) ? PodRequests.MilliCpu(cpu) : 0,
            allocatable is not null && allocatable.TryGetValue("memory", out var mem) ? PodRequests.Bytes(mem) : 0);
        AllowedPodNumber = allocatable is not null && allocatable.TryGetValue("pods", out var p) ? (long)p.ToDecimal() : 0;
    }

    public V1Node Node { get; }
    public string Name => Node.Metadata.Name;
    public IReadOnlyList<V1Pod> Pods { get; }
    public Resources Requested { get; }
    public Resources NonZeroRequested { get; }
    public Resources Allocatable { get; }
    public long AllowedPodNumber { get; }
    public List<HostPort> UsedPorts { get; } = [];
}
