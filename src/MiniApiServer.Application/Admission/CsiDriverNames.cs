using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission;

/// <summary>ValidateCSIDriverName (pkg/apis/core/validation/validation.go), shared by CSINode drivers and VolumeAttachment attachers.</summary>
public static class CsiDriverNames
{
    private const int MaxLength = 63;

    /// <summary>Required, at most 63 bytes, and (lower-cased) a DNS subdomain: an empty name gets both the first and the last.</summary>
    public static void Validate(string? name, string path, FieldErrors errors)
    {
        name ??= "";
        if (name.Length == 0)
        {
            errors.Required(path);
        }
        if (name.Length > MaxLength)
        {
            errors.TooLong(path, MaxLength);
        }
        foreach (var message in ObjectMetaValidation.SubdomainErrors(name.ToLowerInvariant()))
        {
            errors.Invalid(path, name, message);
        }
    }
}
