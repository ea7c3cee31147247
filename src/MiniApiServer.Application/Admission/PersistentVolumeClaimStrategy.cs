using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/core/persistentvolumeclaim/strategy.go, SetDefaults_PersistentVolumeClaim(Spec) and the core of
/// ValidatePersistentVolumeClaim / ValidatePersistentVolumeClaimUpdate (pkg/apis/core/validation/validation.go):
/// access modes, a storage request, volume mode, and a spec that stays as created while the claim is unbound.
/// No controller binds claims here, so they stay Pending.
/// </summary>
public sealed class PersistentVolumeClaimStrategy(ResourceType type) : TypedStrategy<V1PersistentVolumeClaim>(type)
{
    private static readonly string[] AccessModes = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];

    protected override void PrepareForCreate(V1PersistentVolumeClaim claim, DateTimeOffset now)
    {
        Default(claim);
        claim.Status = new V1PersistentVolumeClaimStatus { Phase = "Pending" };
    }

    protected override void PrepareForUpdate(V1PersistentVolumeClaim claim, V1PersistentVolumeClaim old, bool statusOnly)
    {
        if (!statusOnly)
        {
            Default(claim);
        }
    }

    protected override void Validate(V1PersistentVolumeClaim claim, FieldErrors errors)
    {
        var spec = claim.Spec ?? new V1PersistentVolumeClaimSpec();
        var modes = spec.AccessModes ?? [];
        if (modes.Count == 0)
        {
            errors.Required("spec.accessModes", "at least 1 access mode is required");
        }
        foreach (var mode in modes.Where(m => !AccessModes.Contains(m)))
        {
            errors.NotSupported("spec.accessModes", mode, AccessModes);
        }
        if (modes.Contains("ReadWriteOncePod") && modes.Count > 1)
        {
            errors.Forbidden("spec.accessModes", "may not use ReadWriteOncePod with other access modes");
        }
        if (spec.Resources?.Requests?.ContainsKey("storage") != true)
        {
            errors.Required("spec.resources[storage]");
        }
        if (spec.StorageClassName is { Length: > 0 } className && ObjectMetaValidation.SubdomainError(className) is { } classError)
        {
            errors.Invalid("spec.storageClassName", className, classError);
        }
        if (spec.VolumeMode is { } volumeMode && volumeMode is not ("Block" or "Filesystem"))
        {
            errors.NotSupported("spec.volumeMode", volumeMode, "Block", "Filesystem");
        }
    }

    protected override void ValidateUpdate(V1PersistentVolumeClaim claim, V1PersistentVolumeClaim old, FieldErrors errors)
    {
        Validate(claim, errors);
        // Only a bound claim may grow its request or change its volume attributes class; none is bound here.
        if (old.Status?.Phase != "Bound" && !Semantic.DeepEqual(claim.Spec, old.Spec))
        {
            errors.Forbidden("spec", "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims");
        }
    }

    protected override void ValidateStatusUpdate(V1PersistentVolumeClaim claim, V1PersistentVolumeClaim old, FieldErrors errors)
    {
    }

    private static void Default(V1PersistentVolumeClaim claim)
    {
        claim.Spec ??= new V1PersistentVolumeClaimSpec();
        claim.Spec.VolumeMode ??= "Filesystem";
    }
}
