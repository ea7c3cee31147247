namespace MiniApiServer.Controllers.Nodes;

/// <summary>node_lifecycle_controller.go reconcileNodeLabels: beta os/arch labels follow the GA ones.</summary>
public static class NodeLabels
{
    private static readonly (string Primary, string Secondary)[] Pairs =
    [
        ("kubernetes.io/os", "beta.kubernetes.io/os"),
        ("kubernetes.io/arch", "beta.kubernetes.io/arch"),
    ];

    /// <summary>The labels to set, or null when nothing is missing or stale.</summary>
    public static Dictionary<string, string>? Reconcile(IDictionary<string, string>? labels)
    {
        if (labels is null)
        {
            return null;
        }
        Dictionary<string, string>? changes = null;
        foreach (var (primary, secondary) in Pairs)
        {
            if (labels.TryGetValue(primary, out var value) && (!labels.TryGetValue(secondary, out var old) || old != value))
            {
                (changes ??= [])[secondary] = value;
            }
        }
        return changes;
    }
}
