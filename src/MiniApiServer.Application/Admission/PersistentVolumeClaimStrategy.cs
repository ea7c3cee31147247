using System.Text.Json;
using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/core/persistentvolumeclaim/strategy.go, SetDefaults_PersistentVolumeClaim(Spec) and the core of
/// ValidatePersistentVolumeClaim / ValidatePersistentVolumeClaimUpdate (pkg/apis/core/validation/validation.go):
/// access modes, a storage request, volume mode, and a spec that stays as created while the claim is unbound.
/// The PV controller binds them (spec.volumeName, then status through the status subresource).
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

    /// <summary>
    /// ValidatePersistentVolumeClaimUpdate: the spec is fixed but for what binding and resizing change: a volume name
    /// set once (the PV controller's bind), a class given to a claim that had none (the retroactive default), and on a
    /// bound claim a storage request that does not shrink. Upstream appends a cmp.Diff to the message; not reproduced.
    /// </summary>
    protected override void ValidateUpdate(V1PersistentVolumeClaim claim, V1PersistentVolumeClaim old, FieldErrors errors)
    {
        Validate(claim, errors);
        var spec = ModelCodec.Decode<V1PersistentVolumeClaimSpec>(JsonSerializer.SerializeToUtf8Bytes(claim.Spec ?? new V1PersistentVolumeClaimSpec(), ModelCodec.Options));
        var oldSpec = ModelCodec.Decode<V1PersistentVolumeClaimSpec>(JsonSerializer.SerializeToUtf8Bytes(old.Spec ?? new V1PersistentVolumeClaimSpec(), ModelCodec.Options));
        if (string.IsNullOrEmpty(oldSpec.VolumeName))
        {
            oldSpec.VolumeName = spec.VolumeName;
        }
        // validateStorageClassUpgradeFromNil: no class before (field or beta annotation), a non-empty one now.
        if (oldSpec.StorageClassName is null && old.Metadata.Annotations?.ContainsKey(StorageClasses.BetaStorageClassAnnotation) != true
            && spec.StorageClassName is { Length: > 0 })
        {
            spec.StorageClassName = null;
        }
        var bound = claim.Status?.Phase == "Bound";
        if (bound && spec.Resources?.Requests is { } requests)
        {
            if (oldSpec.Resources?.Requests?.TryGetValue("storage", out var oldStorage) == true)
            {
                requests["storage"] = oldStorage;
            }
            else
            {
                requests.Remove("storage");
            }
        }
        if (bound)
        {
            spec.VolumeAttributesClassName = oldSpec.VolumeAttributesClassName;
        }
        if (!Semantic.DeepEqual(spec, oldSpec))
        {
            errors.Forbidden("spec", "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims");
        }
        // RecoverVolumeExpansionFailure (beta, on in 1.32): a request may come back down, but not to the capacity
        // the claim has (volumes never shrink).
        if (claim.Spec?.Resources?.Requests?.TryGetValue("storage", out var newSize) == true
            && old.Spec?.Resources?.Requests?.TryGetValue("storage", out var oldSize) == true
            && QuantityMath.Compare(newSize, oldSize) < 0
            && QuantityMath.Compare(newSize, old.Status?.Capacity?.TryGetValue("storage", out var statusSize) == true ? statusSize : new ResourceQuantity("0")) <= 0)
        {
            errors.Forbidden("spec.resources.requests.storage", "field can not be less than status.capacity");
        }
        if (claim.Spec?.VolumeMode != old.Spec?.VolumeMode)
        {
            errors.Immutable("volumeMode", claim.Spec?.VolumeMode);
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
