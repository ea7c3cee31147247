using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// The status rules the apps kinds share (pkg/apis/apps/validation/validation.go, 1.32). Go reads an unset count as 0,
/// so a comparison with an unset bound is a comparison with 0, not a skipped one.
/// </summary>
public static class ReplicaStatusValidation
{
    public const string AboveReplicas = "cannot be greater than status.replicas";

    /// <summary>
    /// ValidateReplicaSetStatus and its core twin ValidateReplicationControllerStatus (pkg/apis/core/validation/validation.go):
    /// the same counts, bounds and messages.
    /// </summary>
    public static void ReplicaCounts(int? replicas, int? fullyLabeled, int? ready, int? available, long? observedGeneration, FieldErrors errors)
    {
        PodTemplateValidation.NonNegative("status.replicas", replicas, errors);
        PodTemplateValidation.NonNegative("status.fullyLabeledReplicas", fullyLabeled, errors);
        PodTemplateValidation.NonNegative("status.readyReplicas", ready, errors);
        PodTemplateValidation.NonNegative("status.availableReplicas", available, errors);
        PodTemplateValidation.NonNegative("status.observedGeneration", observedGeneration, errors);
        NotAbove("status.fullyLabeledReplicas", fullyLabeled, replicas, AboveReplicas, errors);
        NotAbove("status.readyReplicas", ready, replicas, AboveReplicas, errors);
        NotAbove("status.availableReplicas", available, replicas, AboveReplicas, errors);
        NotAbove("status.availableReplicas", available, ready, "cannot be greater than readyReplicas", errors);
    }

    public static void NotAbove(string field, int? value, int? bound, string message, FieldErrors errors)
    {
        if ((value ?? 0) > (bound ?? 0))
        {
            errors.Invalid(field, value ?? 0, message);
        }
    }

    /// <summary>IsDecremented: a count that was set and is now unset counts as decremented, to 0.</summary>
    public static void CollisionCountNotDecremented(int? count, int? old, FieldErrors errors)
    {
        if (old is { } before && (count is not { } now || now < before))
        {
            errors.Invalid("status.collisionCount", count ?? 0, "cannot be decremented");
        }
    }
}
