using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/storage/volumeattachment/strategy.go with ValidateVolumeAttachment(V1/Update)
/// (pkg/apis/storage/validation/validation.go, 1.32): a new attachment starts with an empty status, the spec never
/// changes, and the status (the attacher's report) is written through /status only. The external attacher that
/// would act on one does not run here.
/// </summary>
public sealed class VolumeAttachmentStrategy(ResourceType type) : TypedStrategy<V1VolumeAttachment>(type)
{
    private const int MaxMetadataSize = 256 * (1 << 10);
    private const int MaxErrorMessageSize = 1024;
    private static readonly string[] AccessModes = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];

    // Go's VolumeAttachmentStatus{} is written as {"attached":false}: the field has no omitempty.
    protected override void PrepareForCreate(V1VolumeAttachment attachment, DateTimeOffset now) =>
        attachment.Status = new V1VolumeAttachmentStatus { Attached = false };

    /// <summary>The carried-over part is already the stored one; errorCode is newer than 1.32, whose decoder drops it.</summary>
    protected override void PrepareForUpdate(V1VolumeAttachment attachment, V1VolumeAttachment old, bool statusOnly)
    {
        foreach (var error in new[] { attachment.Status?.AttachError, attachment.Status?.DetachError })
        {
            error?.ErrorCode = null;
        }
    }

    /// <summary>ValidateVolumeAttachment, then ValidateVolumeAttachmentV1's tighter attacher and volume name checks for new objects.</summary>
    protected override void ValidateCreate(V1VolumeAttachment attachment, FieldErrors errors)
    {
        Validate(attachment, errors);
        CsiDriverNames.Validate(attachment.Spec?.Attacher, "spec.attacher", errors);
        if (attachment.Spec?.Source?.PersistentVolumeName is { } volumeName)
        {
            foreach (var message in ObjectMetaValidation.SubdomainErrors(volumeName))
            {
                errors.Invalid("spec.source.persistentVolumeName", volumeName, message);
            }
        }
    }

    protected override void Validate(V1VolumeAttachment attachment, FieldErrors errors)
    {
        var spec = attachment.Spec ?? new V1VolumeAttachmentSpec();
        if (string.IsNullOrEmpty(spec.Attacher))
        {
            errors.Required("spec.attacher");
        }
        ValidateSource(spec.Source ?? new V1VolumeAttachmentSource(), errors);
        foreach (var message in ObjectMetaValidation.SubdomainErrors(spec.NodeName ?? ""))
        {
            errors.Invalid("spec.nodeName", spec.NodeName ?? "", message);
        }
        ValidateStatus(attachment.Status, errors);
    }

    /// <summary>
    /// The strategy's ValidateUpdate: ValidateVolumeAttachment, then ValidateVolumeAttachmentUpdate, which runs it again
    /// (the Status message lists each repeated cause once) before refusing any spec change. /status writes use it too,
    /// with the stored spec.
    /// </summary>
    protected override void ValidateUpdate(V1VolumeAttachment attachment, V1VolumeAttachment old, FieldErrors errors)
    {
        Validate(attachment, errors);
        Validate(attachment, errors);
        if (!Semantic.DeepEqual(attachment.Spec, old.Spec))
        {
            errors.Immutable("spec", SpecSyntax(attachment.Spec ?? new V1VolumeAttachmentSpec()));
        }
    }

    private static void ValidateSource(V1VolumeAttachmentSource source, FieldErrors errors)
    {
        const string Exactly = "must specify exactly one of inlineVolumeSpec and persistentVolumeName";
        switch (source.InlineVolumeSpec, source.PersistentVolumeName)
        {
            case (null, null):
                errors.Required("spec.source", Exactly);
                break;
            case (not null, not null):
                errors.Forbidden("spec.source", Exactly);
                break;
            case (null, { Length: 0 }):
                errors.Required("spec.source.persistentVolumeName", "must specify non empty persistentVolumeName");
                break;
            case ({ } inline, null):
                ValidateInlineSpec(inline, errors);
                break;
        }
    }

    /// <summary>
    /// The inline-volume part of ValidatePersistentVolumeSpec (validateInlinePersistentVolumeSpec true): access modes,
    /// no claim or capacity, and a CSI source. The sources' own field rules are not ported.
    /// </summary>
    private static void ValidateInlineSpec(V1PersistentVolumeSpec spec, FieldErrors errors)
    {
        const string Path = "spec.source.inlineVolumeSpec";
        var modes = spec.AccessModes ?? [];
        if (modes.Count == 0)
        {
            errors.Required($"{Path}.accessModes");
        }
        foreach (var mode in modes.Where(m => !AccessModes.Contains(m)))
        {
            errors.NotSupported($"{Path}.accessModes", mode, AccessModes);
        }
        if (spec.ClaimRef is not null)
        {
            errors.Forbidden($"{Path}.claimRef", "may not be specified in the context of inline volumes");
        }
        if (spec.Capacity is { Count: > 0 })
        {
            errors.Forbidden($"{Path}.capacity", "may not be specified in the context of inline volumes");
        }
        if (spec.Csi is null)
        {
            errors.Required($"{Path}.csi", "has to be specified in the context of inline volumes");
        }
    }

    private static void ValidateStatus(V1VolumeAttachmentStatus? status, FieldErrors errors)
    {
        if (status is null)
        {
            return;
        }
        long size = 0;
        foreach (var (key, value) in status.AttachmentMetadata ?? new Dictionary<string, string>())
        {
            size += key.Length + (value?.Length ?? 0);
        }
        if (size > MaxMetadataSize)
        {
            errors.TooLong("status.attachmentMetadata", MaxMetadataSize);
        }
        ValidateVolumeError(status.AttachError, "status.attachError", errors);
        ValidateVolumeError(status.DetachError, "status.detachError", errors);
    }

    private static void ValidateVolumeError(V1VolumeError? error, string path, FieldErrors errors)
    {
        if ((error?.Message?.Length ?? 0) > MaxErrorMessageSize)
        {
            // Upstream checks 1024 bytes but reports the metadata's limit.
            errors.TooLong($"{path}.message", MaxMetadataSize);
        }
    }

    // %#v of a storage.VolumeAttachmentSpec. Its source's members are pointers, which Go prints as addresses: a set one
    // is shown here with a fixed address.
    private static GoSyntax SpecSyntax(V1VolumeAttachmentSpec spec)
    {
        var source = spec.Source ?? new V1VolumeAttachmentSource();
        return new GoSyntax(
            $"storage.VolumeAttachmentSpec{{Attacher:{GoSyntax.Quote(spec.Attacher ?? "")}, Source:storage.VolumeAttachmentSource{{"
            + $"PersistentVolumeName:(*string)({Pointer(source.PersistentVolumeName)}), InlineVolumeSpec:(*core.PersistentVolumeSpec)({Pointer(source.InlineVolumeSpec)})}}, "
            + $"NodeName:{GoSyntax.Quote(spec.NodeName ?? "")}}}");
    }

    private static string Pointer(object? value) => value is null ? "nil" : "0xc000000000";
}
