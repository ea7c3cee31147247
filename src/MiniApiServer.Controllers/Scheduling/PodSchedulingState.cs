using k8s.Models;

namespace MiniApiServer.Controllers.Scheduling;

/// <summary>Pure predicates on pods, as the scheduler's informer filters use them (pkg/scheduler/eventhandlers.go).</summary>
public static class PodSchedulingState
{
    public const string SchedulerName = "default-scheduler";

    public static string Key(V1Pod pod) => $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";

    /// <summary>Unbound, not being deleted, and ours to place.</summary>
    public static bool NeedsScheduling(V1Pod pod) =>
        string.IsNullOrEmpty(pod.Spec?.NodeName)
        && pod.Metadata.DeletionTimestamp is null
        && (string.IsNullOrEmpty(pod.Spec?.SchedulerName) || pod.Spec.SchedulerName == SchedulerName);

    public static bool IsTerminal(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    /// <summary>Bound and still holding node resources: the scheduler cache drops terminal pods.</summary>
    public static bool OccupiesNode(V1Pod pod) => !string.IsNullOrEmpty(pod.Spec?.NodeName) && !IsTerminal(pod);
}
