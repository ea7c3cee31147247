using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Objects;

/// <summary>
/// A write's and a delete's options as apimachinery's ValidateCreateOptions, ValidateUpdateOptions,
/// ValidatePatchOptions and ValidateDeleteOptions check them (pkg/apis/meta/v1/validation), all errors together in one
/// 422 for the options kind: <c>CreateOptions.meta.k8s.io "" is invalid: ...</c>.
/// </summary>
public static class OptionsValidation
{
    public static readonly string[] PropagationPolicies = ["Foreground", "Background", "Orphan"];

    public static void WriteOptions(string? fieldManager, IReadOnlyList<string> dryRun, string fieldValidation, FieldErrors errors)
    {
        if (fieldManager is not null)
        {
            FieldManagerName.Validate(fieldManager, errors);
        }
        DryRun(dryRun, errors);
        if (fieldValidation is not ("" or "Ignore" or "Strict" or "Warn"))
        {
            errors.NotSupported("fieldValidation", fieldValidation, "", "Ignore", "Strict", "Warn");
        }
    }

    public static void DeleteOptions(bool? orphanDependents, string? propagationPolicy, IReadOnlyList<string> dryRun, FieldErrors errors)
    {
        if (orphanDependents is not null && propagationPolicy is not null)
        {
            errors.Invalid("propagationPolicy", propagationPolicy, "orphanDependents and deletionPropagation cannot be both set");
        }
        if (propagationPolicy is not null && !PropagationPolicies.Contains(propagationPolicy))
        {
            errors.NotSupported("propagationPolicy", propagationPolicy, [.. PropagationPolicies, "nil"]);
        }
        DryRun(dryRun, errors);
    }

    public static void ThrowIfAny(string optionsKind, FieldErrors errors)
    {
        if (errors.Any)
        {
            throw ApiErrors.Invalid("meta.k8s.io", optionsKind, "", errors.Causes);
        }
    }

    private static void DryRun(IReadOnlyList<string> dryRun, FieldErrors errors)
    {
        if (dryRun.Any(v => v != "All"))
        {
            errors.NotSupported("dryRun", GoSyntax.Strings(dryRun), "All");
        }
    }
}
