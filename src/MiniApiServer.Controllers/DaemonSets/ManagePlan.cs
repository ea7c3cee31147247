using k8s.Models;

namespace MiniApiServer.Controllers.DaemonSets;

public sealed class ManagePlan
{
    public List<string> NodesNeedingPods { get; } = [];
    public List<V1Pod> PodsToDelete { get; } = [];
    public List<(V1Pod Pod, string Node)> FailedPods { get; } = [];
    public List<(V1Pod Pod, string Node)> SucceededPods { get; } = [];
    public TimeSpan? RequeueAfter { get; set; }
}
