using k8s.Models;
using MiniApiServer.Application.Clock;
using MiniApiServer.Controllers.Nodes;

namespace MiniApiServer.Controllers.Jobs;

/// <summary>Job condition types, reasons and messages as 1.32's job controller writes them.</summary>
public static class JobConditions
{
    public const string Complete = "Complete";
    public const string Failed = "Failed";
    public const string FailureTarget = "FailureTarget";
    public const string SuccessCriteriaMet = "SuccessCriteriaMet";

    public const string BackoffLimitExceeded = "BackoffLimitExceeded";
    public const string DeadlineExceeded = "DeadlineExceeded";
    public const string CompletionsReached = "CompletionsReached";

    public const string BackoffLimitMessage = "Job has reached the specified backoff limit";
    public const string DeadlineMessage = "Job was active longer than specified deadline";
    public const string CompletionsMessage = "Reached expected number of succeeded pods";

    public static V1JobCondition? Get(V1JobStatus? status, string type) =>
        status?.Conditions?.FirstOrDefault(c => c.Type == type && c.Status == "True");

    public static bool IsFinished(V1Job job) => Get(job.Status, Complete) is not null || Get(job.Status, Failed) is not null;

    /// <summary>When the Job finished (the terminal condition's transition), for ttlSecondsAfterFinished.</summary>
    public static DateTimeOffset? FinishedAt(V1Job job) =>
        KubeTime.Of((Get(job.Status, Complete) ?? Get(job.Status, Failed))?.LastTransitionTime) ?? KubeTime.Of(job.Status?.CompletionTime);

    public const string Suspended = "Suspended";

    /// <summary>
    /// ensureJobConditionStatus: the condition of <paramref name="type"/> takes this status, reason and message (a new
    /// transition time when any of them changes); a False one is not added where there was none. True when it changed.
    /// </summary>
    public static bool Ensure(V1JobStatus status, string type, string conditionStatus, string reason, string message, DateTimeOffset now)
    {
        var conditions = status.Conditions ??= [];
        var existing = conditions.FirstOrDefault(c => c.Type == type);
        if (existing is not null && existing.Status == conditionStatus && existing.Reason == reason && existing.Message == message)
        {
            return false;
        }
        if (existing is null && conditionStatus == "False")
        {
            return false;
        }
        var condition = new V1JobCondition
        {
            Type = type,
            Status = conditionStatus,
            Reason = reason,
            Message = message,
            LastProbeTime = KubeTime.Time(now),
            LastTransitionTime = KubeTime.Time(now),
        };
        if (existing is null)
        {
            conditions.Add(condition);
        }
        else
        {
            conditions[conditions.IndexOf(existing)] = condition;
        }
        return true;
    }

    public static void Add(V1JobStatus status, string type, string reason, string message, DateTimeOffset now)
    {
        var conditions = status.Conditions ??= [];
        if (conditions.Any(c => c.Type == type && c.Status == "True"))
        {
            return;
        }
        conditions.Add(new V1JobCondition
        {
            Type = type,
            Status = "True",
            Reason = reason,
            Message = message,
            LastProbeTime = KubeTime.Time(now),
            LastTransitionTime = KubeTime.Time(now),
        });
    }
}
