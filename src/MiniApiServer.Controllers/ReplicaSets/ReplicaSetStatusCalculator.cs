using k8s.Models;
using MiniApiServer.Controllers.DaemonSets;

namespace MiniApiServer.Controllers.ReplicaSets;

/// <summary>calculateStatus (pkg/controller/replicaset/replica_set_utils.go) over the active pods the ReplicaSet owns.</summary>
public static class ReplicaSetStatusCalculator
{
    public const string ReplicaFailure = "ReplicaFailure";

    public static V1ReplicaSetStatus Compute(V1ReplicaSet rs, IReadOnlyList<V1Pod> activePods, string? manageError, string? manageReason, DateTimeOffset now)
    {
        var templateLabels = rs.Spec.Template?.Metadata?.Labels ?? new Dictionary<string, string>();
        var minReady = rs.Spec.MinReadySeconds ?? 0;
        var status = new V1ReplicaSetStatus
        {
            Replicas = activePods.Count,
            FullyLabeledReplicas = activePods.Count(p => templateLabels.All(l => p.Metadata.Labels?.TryGetValue(l.Key, out var v) == true && v == l.Value)),
            ReadyReplicas = activePods.Count(DaemonPods.IsReady),
            AvailableReplicas = activePods.Count(p => DaemonPods.IsAvailable(p, minReady, now)),
            ObservedGeneration = rs.Status?.ObservedGeneration,
            Conditions = rs.Status?.Conditions?.Where(c => c.Type != ReplicaFailure).ToList(),
        };
        var failure = rs.Status?.Conditions?.FirstOrDefault(c => c.Type == ReplicaFailure);
        if (manageError is not null)
        {
            // A failure condition, once there, stays as it was (upstream sets one only when there is none): an error that
            // names a generated pod differs on every retry, and rewriting it would write the status, whose event would
            // requeue the ReplicaSet at once, past its backoff.
            (status.Conditions ??= []).Add(failure is not null
                ? failure
                : new V1ReplicaSetCondition
                {
                    Type = ReplicaFailure,
                    Status = "True",
                    Reason = manageReason,
                    Message = manageError,
                    LastTransitionTime = now.UtcDateTime,
                });
        }
        if (status.Conditions is { Count: 0 })
        {
            status.Conditions = null;
        }
        return status;
    }
}
