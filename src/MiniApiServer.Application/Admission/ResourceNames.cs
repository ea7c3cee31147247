using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/apis/core/helper/helpers.go's resource name sets and validateResourceName / validateContainerResourceName
/// (pkg/apis/core/validation/validation.go), shared by LimitRange and ResourceQuota validation and their admission.
/// </summary>
public static class ResourceNames
{
    public const string RequestsPrefix = "requests.";
    public const string LimitsPrefix = "limits.";

    private static readonly HashSet<string> Standard = new(StringComparer.Ordinal)
    {
        "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage",
        "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods", "services", "replicationcontrollers",
        "resourcequotas", "secrets", "configmaps", "persistentvolumeclaims", "storage", "requests.storage", "services.nodeports",
        "services.loadbalancers",
    };

    /// <summary>IsNativeResource: no domain, or one in kubernetes.io.</summary>
    public static bool IsNative(string name) => !name.Contains('/', StringComparison.Ordinal) || name.Contains("kubernetes.io/", StringComparison.Ordinal);

    public static bool IsHugePage(string name) => name.StartsWith("hugepages-", StringComparison.Ordinal);

    /// <summary>IsOvercommitAllowed: native resources other than hugepages may request less than their limit.</summary>
    public static bool IsOvercommitAllowed(string name) => IsNative(name) && !IsHugePage(name);

    /// <summary>IsStandardResourceName: the set above, or a hugepages quota name.</summary>
    public static bool IsStandard(string name) =>
        Standard.Contains(name) || IsHugePage(name) || name.StartsWith(RequestsPrefix + "hugepages-", StringComparison.Ordinal);

    /// <summary>IsExtendedResourceName: a domain outside kubernetes.io, valid as a quota name once "requests." is put before it.</summary>
    public static bool IsExtended(string name) =>
        !IsNative(name) && !name.StartsWith(RequestsPrefix, StringComparison.Ordinal)
        && ObjectMetaValidation.QualifiedNameErrors(RequestsPrefix + name).Count == 0;

    /// <summary>validateResourceName: a qualified name, and a standard one unless it has a domain.</summary>
    public static bool Validate(string name, string path, FieldErrors errors)
    {
        var before = errors.Count;
        ObjectMetaValidation.QualifiedName(errors, path, name);
        if (errors.Count != before)
        {
            return false;
        }
        if (!name.Contains('/', StringComparison.Ordinal) && !IsStandard(name))
        {
            errors.Invalid(path, name, "must be a standard resource type or fully qualified");
            return false;
        }
        return true;
    }

    /// <summary>validateContainerResourceName: cpu, memory, ephemeral-storage or hugepages, or an extended resource.</summary>
    public static void ValidateForContainer(string name, string path, FieldErrors errors)
    {
        Validate(name, path, errors);
        if (!name.Contains('/', StringComparison.Ordinal))
        {
            if (name is not ("cpu" or "memory" or "ephemeral-storage") && !IsHugePage(name))
            {
                errors.Invalid(path, name, "must be a standard resource for containers");
            }
        }
        else if (!IsNative(name) && !IsExtended(name))
        {
            errors.Invalid(path, name, "doesn't follow extended resource name standard");
        }
    }
}
