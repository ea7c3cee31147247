using k8s.Models;
using MiniApiServer.Application.Clock;

namespace MiniApiServer.Controllers.Deployments;

/// <summary>
/// calculateStatus and syncRolloutStatus (pkg/controller/deployment/sync.go, progress.go) with the condition
/// helpers of deployment_util.go, as pure functions of the Deployment, its ReplicaSets and the time.
/// </summary>
public static class DeploymentStatusCalculator
{
    public const string Available = "Available";
    public const string Progressing = "Progressing";
    public const string ReplicaFailure = "ReplicaFailure";
    public const string NewReplicaSetAvailable = "NewReplicaSetAvailable";
    public const string ReplicaSetUpdated = "ReplicaSetUpdated";
    public const string TimedOut = "ProgressDeadlineExceeded";
    public const string Paused = "DeploymentPaused";
    public const string Resumed = "DeploymentResumed";

    public static V1DeploymentStatus Calculate(IReadOnlyList<V1ReplicaSet> all, V1ReplicaSet? newRs, V1Deployment d, DateTimeOffset now)
    {
        var available = all.Sum(rs => rs.Status?.AvailableReplicas ?? 0);
        var total = all.Sum(DeploymentUtil.Replicas);
        var status = new V1DeploymentStatus
        {
            ObservedGeneration = d.Metadata.Generation,
            Replicas = all.Sum(rs => rs.Status?.Replicas ?? 0),
            UpdatedReplicas = newRs?.Status?.Replicas ?? 0,
            ReadyReplicas = all.Sum(rs => rs.Status?.ReadyReplicas ?? 0),
            AvailableReplicas = available,
            UnavailableReplicas = Math.Max(0, total - available),
            CollisionCount = d.Status?.CollisionCount,
            Conditions = d.Status?.Conditions?.ToList(),
        };
        SetCondition(status, available >= DeploymentUtil.Replicas(d) - DeploymentUtil.MaxUnavailable(d)
            ? Condition(Available, "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now)
            : Condition(Available, "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now));
        return status;
    }

    /// <summary>syncRolloutStatus: the Progressing condition against the deadline, and ReplicaSet failures surfaced.</summary>
    public static V1DeploymentStatus Rollout(IReadOnlyList<V1ReplicaSet> all, V1ReplicaSet? newRs, V1Deployment d, DateTimeOffset now)
    {
        var status = Calculate(all, newRs, d, now);
        if (!DeploymentUtil.HasProgressDeadline(d))
        {
            RemoveCondition(status, Progressing);
        }
        var current = Find(d.Status, Progressing);
        var complete = status.Replicas == status.UpdatedReplicas && current?.Reason == NewReplicaSetAvailable;
        if (DeploymentUtil.HasProgressDeadline(d) && !complete)
        {
            var subject = newRs is null ? $"Deployment \"{d.Metadata.Name}\"" : $"ReplicaSet \"{newRs.Metadata.Name}\"";
            if (DeploymentUtil.Complete(d, status))
            {
                SetCondition(status, Condition(Progressing, "True", NewReplicaSetAvailable, $"{subject} has successfully progressed.", now));
            }
            else if (DeploymentUtil.Progressing(d, status))
            {
                // Progressing again: everything but lastTransitionTime is refreshed, so the deadline restarts.
                var condition = Condition(Progressing, "True", ReplicaSetUpdated, $"{subject} is progressing.", now);
                if (current is { Status: "True" })
                {
                    condition.LastTransitionTime = current.LastTransitionTime;
                }
                RemoveCondition(status, Progressing);
                SetCondition(status, condition);
            }
            else if (TimedOutAt(d, status, now))
            {
                SetCondition(status, Condition(Progressing, "False", TimedOut, $"{subject} has timed out progressing.", now));
            }
        }
        var failure = all.Where(rs => rs == newRs).Concat(all.Where(rs => rs != newRs))
            .SelectMany(rs => rs.Status?.Conditions ?? []).FirstOrDefault(c => c.Type == ReplicaFailure);
        if (failure is not null)
        {
            SetCondition(status, new V1DeploymentCondition
            {
                Type = ReplicaFailure,
                Status = failure.Status,
                Reason = failure.Reason,
                Message = failure.Message,
                LastTransitionTime = failure.LastTransitionTime,
                LastUpdateTime = failure.LastTransitionTime,
            });
        }
        else
        {
            RemoveCondition(status, ReplicaFailure);
        }
        return status;
    }

    /// <summary>DeploymentTimedOut: no progress for progressDeadlineSeconds since the condition was last updated.</summary>
    public static bool TimedOutAt(V1Deployment d, V1DeploymentStatus status, DateTimeOffset now)
    {
        if (!DeploymentUtil.HasProgressDeadline(d) || Find(status, Progressing) is not { } condition)
        {
            return false;
        }
        if (condition.Reason == NewReplicaSetAvailable)
        {
            return false;
        }
        if (condition.Reason == TimedOut)
        {
            return true;
        }
        return Utc(condition.LastUpdateTime).AddSeconds(d.Spec.ProgressDeadlineSeconds!.Value) < now;
    }

    /// <summary>requeueStuckDeployment: when to look again so a stalled rollout is declared timed out on time.</summary>
    public static TimeSpan? StuckRequeue(V1Deployment d, V1DeploymentStatus status, DateTimeOffset now)
    {
        if (!DeploymentUtil.HasProgressDeadline(d) || Find(status, Progressing) is not { } condition
            || condition.Reason is NewReplicaSetAvailable or TimedOut or Paused || DeploymentUtil.Complete(d, status))
        {
            return null;
        }
        var after = Utc(condition.LastUpdateTime).AddSeconds(d.Spec.ProgressDeadlineSeconds!.Value) - now;
        return after < TimeSpan.FromSeconds(1) ? TimeSpan.Zero : after + TimeSpan.FromSeconds(1);
    }

    public static V1DeploymentCondition Condition(string type, string status, string reason, string message, DateTimeOffset now)
    {
        // Stored times have whole seconds; comparing with a finer one would always see a change.
        var t = KubeTime.Time(now);
        return new V1DeploymentCondition { Type = type, Status = status, Reason = reason, Message = message, LastUpdateTime = t, LastTransitionTime = t };
    }

    public static V1DeploymentCondition? Find(V1DeploymentStatus? status, string type) => status?.Conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>SetDeploymentCondition: the same status and reason is no change; the same status keeps its transition time.</summary>
    public static void SetCondition(V1DeploymentStatus status, V1DeploymentCondition condition)
    {
        var current = Find(status, condition.Type);
        if (current is not null && current.Status == condition.Status && current.Reason == condition.Reason)
        {
            return;
        }
        if (current is not null && current.Status == condition.Status)
        {
            condition.LastTransitionTime = current.LastTransitionTime;
        }
        status.Conditions = [.. (status.Conditions ?? []).Where(c => c.Type != condition.Type), condition];
    }

    public static void RemoveCondition(V1DeploymentStatus status, string type)
    {
        if (status.Conditions is { } conditions)
        {
            status.Conditions = [.. conditions.Where(c => c.Type != type)];
        }
    }

    private static DateTimeOffset Utc(DateTime? t) => t is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : DateTimeOffset.MinValue;
}
