using k8s.Models;

namespace MiniApiServer.Controllers.Scheduling;

/// <summary>
/// pkg/scheduler/framework/plugins/noderesources/least_allocated.go with the default cpu:1, memory:1
/// weights: each resource scores (allocatable - requested) * 100 / allocatable, using non-zero requests.
/// </summary>
public static class LeastAllocatedScorer
{
    public const long MaxNodeScore = 100;

    public static long Score(V1Pod pod, NodeInfo node)
    {
        var requested = node.NonZeroRequested + PodRequests.NonZero(pod);
        return (ResourceScore(requested.MilliCpu, node.Allocatable.MilliCpu) + ResourceScore(requested.Memory, node.Allocatable.Memory)) / 2;
    }

    private static long ResourceScore(long requested, long capacity) =>
        capacity == 0 || requested > capacity ? 0 : (capacity - requested) * MaxNodeScore / capacity;
}
