using k8s.Models;

namespace MiniApiServer.Controllers.Scheduling;

/// <summary>
/// The status write of schedule_one.go handleSchedulingFailure → podutil.UpdatePodCondition: PodScheduled=False
/// with reason Unschedulable; lastTransitionTime only moves when the status flips, so an unchanged failure is a
/// no-op write.
/// </summary>
public static class PodScheduledCondition
{
    public const string Unschedulable = "Unschedulable";

    /// <summary>The reason of a failure that is not a fit (a PreBind plugin's error).</summary>
    public const string SchedulerError = "SchedulerError";

    /// <summary>Returns false when there is nothing to write.</summary>
    public static bool SetUnschedulable(V1Pod pod, string uid, string message, DateTime now, string reason = Unschedulable)
    {
        // The pod may have been replaced or bound since the cycle read it; then this failure is stale.
        if (pod.Metadata.Uid != uid || pod.Spec?.NodeName is { Length: > 0 })
        {
            return false;
        }
        pod.Status ??= new V1PodStatus();
        pod.Status.Conditions ??= [];
        var condition = pod.Status.Conditions.FirstOrDefault(c => c.Type == "PodScheduled");
        if (condition is null)
        {
            condition = new V1PodCondition { Type = "PodScheduled" };
            pod.Status.Conditions.Add(condition);
        }
        else if (condition.Status == "False" && condition.Reason == reason && condition.Message == message
            && condition.LastTransitionTime is not null && condition.LastProbeTime is null)
        {
            return false;
        }
        if (condition.Status != "False" || condition.LastTransitionTime is null)
        {
            condition.LastTransitionTime = now;
        }
        condition.Status = "False";
        condition.Reason = reason;
        condition.Message = message;
        condition.LastProbeTime = null;
        return true;
    }
}
