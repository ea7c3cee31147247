using k8s.Models;

namespace MiniApiServer.Controllers.Scheduling;

/// <summary>Pure predicates on pods, as the scheduler's informer filters use them (pkg/scheduler/eventhandlers.go).</summary>
public static class PodSchedulingState
{
    public const string SchedulerName = "default-scheduler";

    public static string Key(V1Pod pod) => $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";

    /// <summary>
    /// Unbound, not being deleted, ours to place, and not gated: the SchedulingGates plugin's PreEnqueue keeps a pod with
    /// spec.schedulingGates out of the active queue (pkg/scheduler/framework/plugins/schedulinggates), so it is neither
    /// tried nor reported as unschedulable; removing its last gate is an update that queues it.
    /// </summary>
    public static bool NeedsScheduling(V1Pod pod) =>
        string.IsNullOrEmpty(pod.Spec?.NodeName)
        && pod.Metadata.DeletionTimestamp is null
        && (string.IsNullOrEmpty(pod.Spec?.SchedulerName) || pod.Spec.SchedulerName == SchedulerName)
        && (pod.Spec?.SchedulingGates?.Count ?? 0) == 0;

    public static bool IsTerminal(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    /// <summary>Bound and still holding node resources: the scheduler cache drops terminal pods.</summary>
    public static bool OccupiesNode(V1Pod pod) => !string.IsNullOrEmpty(pod.Spec?.NodeName) && !IsTerminal(pod);
}
