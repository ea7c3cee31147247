namespace MiniApiServer.Application.Admission;

/// <summary>pkg/apis/core/helper/helpers.go's quota resource names: the standard ones and the whole-number ones.</summary>
public static class QuotaNames
{
    private static readonly HashSet<string> Standard = new(StringComparer.Ordinal)
    {
        "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.storage", "requests.ephemeral-storage",
        "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods", "resourcequotas", "services", "replicationcontrollers",
        "secrets", "persistentvolumeclaims", "configmaps", "services.nodeports", "services.loadbalancers",
    };

    private static readonly HashSet<string> Integer = new(StringComparer.Ordinal)
    {
        "pods", "resourcequotas", "services", "replicationcontrollers", "secrets", "configmaps", "persistentvolumeclaims",
        "services.nodeports", "services.loadbalancers",
    };

    /// <summary>IsStandardQuotaResourceName.</summary>
    public static bool IsStandard(string name) =>
        Standard.Contains(name) || ResourceNames.IsHugePage(name) || name.StartsWith("requests.hugepages-", StringComparison.Ordinal);

    /// <summary>IsIntegerResourceName: counts, and extended resources (count/* among them).</summary>
    public static bool IsInteger(string name) => Integer.Contains(name) || ResourceNames.IsExtended(name);
}
