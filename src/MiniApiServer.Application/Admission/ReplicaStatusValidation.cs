using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// The status rules the apps kinds share (pkg/apis/apps/validation/validation.go, 1.32). Go reads an unset count as 0,
/// so a comparison with an unset bound is a comparison with 0, not a skipped one.
/// </summary>
public static class ReplicaStatusValidation
{
    public const string AboveReplicas = "cannot be greater than status.replicas";

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
