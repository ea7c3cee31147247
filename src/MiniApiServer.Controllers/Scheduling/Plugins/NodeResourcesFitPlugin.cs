using k8s.Models;

namespace MiniApiServer.Controllers.Scheduling.Plugins;

/// <summary>
/// pkg/scheduler/framework/plugins/noderesources/fit.go fitsRequest: the pod count always counts; cpu and
/// memory only when the pod requests them. Every shortfall is reported, and preemption could help.
/// </summary>
public sealed class NodeResourcesFitPlugin : IFilterPlugin
{
    public const string TooManyPods = "Too many pods";
    public const string InsufficientCpu = "Insufficient cpu";
    public const string InsufficientMemory = "Insufficient memory";

    public string Name => "NodeResourcesFit";

    public FilterStatus Filter(V1Pod pod, NodeInfo node)
    {
        var reasons = new List<string>();
        if (node.Pods.Count + 1 > node.AllowedPodNumber)
        {
            reasons.Add(TooManyPods);
        }
        var request = PodRequests.Of(pod);
        if (request.MilliCpu > 0 && request.MilliCpu > node.Allocatable.MilliCpu - node.Requested.MilliCpu)
        {
            reasons.Add(InsufficientCpu);
        }
        if (request.Memory > 0 && request.Memory > node.Allocatable.Memory - node.Requested.Memory)
        {
            reasons.Add(InsufficientMemory);
        }
        return reasons.Count == 0 ? FilterStatus.Success : FilterStatus.Unschedulable([.. reasons]);
    }
}
