using k8s.Models;

namespace MiniApiServer.Application.Policy;

/// <summary>
/// The DisruptionAllowed condition of a PodDisruptionBudget, as k8s.io/component-helpers apps/poddisruptionbudget
/// keeps it (UpdateDisruptionAllowedCondition, ConditionsAreUpToDate) with apimachinery's SetStatusCondition rules:
/// the transition time moves only when the status flips. The eviction handler and the disruption controller share it.
/// </summary>
public static class DisruptionAllowedCondition
{
    public const string Type = "DisruptionAllowed";
    public const string SufficientPods = "SufficientPods";
    public const string InsufficientPods = "InsufficientPods";
    public const string SyncFailed = "SyncFailed";

    /// <summary>SufficientPods while disruptions are allowed, InsufficientPods otherwise.</summary>
    public static void Update(V1PodDisruptionBudget pdb, DateTimeOffset now)
    {
        var status = pdb.Status;
        var allowed = status.DisruptionsAllowed > 0;
        Set(status, allowed ? "True" : "False", allowed ? SufficientPods : InsufficientPods, "", now);
    }

    /// <summary>The condition says what the counts say, for the generation the status observed.</summary>
    public static bool IsUpToDate(V1PodDisruptionBudget pdb)
    {
        var condition = pdb.Status?.Conditions?.FirstOrDefault(c => c.Type == Type);
        if (condition is null || pdb.Status!.ObservedGeneration != pdb.Metadata.Generation)
        {
            return false;
        }
        return pdb.Status.DisruptionsAllowed > 0
            ? condition.Status == "True" && condition.Reason == SufficientPods
            : condition.Status == "False" && condition.Reason == InsufficientPods;
    }

    /// <summary>apimeta.SetStatusCondition with the status's observedGeneration.</summary>
    public static void Set(V1PodDisruptionBudgetStatus status, string conditionStatus, string reason, string message, DateTimeOffset now)
    {
        status.Conditions ??= [];
        var existing = status.Conditions.FirstOrDefault(c => c.Type == Type);
        if (existing is null)
        {
            status.Conditions.Add(new V1Condition
            {
                Type = Type,
                Status = conditionStatus,
                Reason = reason,
                Message = message,
                LastTransitionTime = now.UtcDateTime,
                ObservedGeneration = status.ObservedGeneration,
            });
            return;
        }
        if (existing.Status != conditionStatus)
        {
            existing.Status = conditionStatus;
            existing.LastTransitionTime = now.UtcDateTime;
        }
        existing.Reason = reason;
        existing.Message = message;
        existing.ObservedGeneration = status.ObservedGeneration;
    }
}
