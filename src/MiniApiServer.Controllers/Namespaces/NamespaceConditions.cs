using k8s.Models;

namespace MiniApiServer.Controllers.Namespaces;

/// <summary>
/// The five conditions the namespace deleter keeps on a Terminating namespace (pkg/controller/namespace/deletion
/// status_condition_utils.go and namespaced_resources_deleter.go): what content remains and which finalizers hold it,
/// the rest in their "ok" variants. Pure: the controller writes what this returns.
/// </summary>
public static class NamespaceConditions
{
    private static readonly (string Type, string Reason, string Message)[] Ok =
    [
        ("NamespaceDeletionDiscoveryFailure", "ResourcesDiscovered", "All resources successfully discovered"),
        ("NamespaceDeletionGroupVersionParsingFailure", "ParsedGroupVersions", "All legacy kube types successfully parsed"),
        ("NamespaceDeletionContentFailure", "ContentDeleted", "All content successfully deleted, may be waiting on finalization"),
        ("NamespaceContentRemaining", "ContentRemoved", "All content successfully removed"),
        ("NamespaceFinalizersRemaining", "ContentHasNoFinalizers", "All content-preserving finalizers finished"),
    ];

    /// <summary>
    /// The conditions for what remains (resource as "plural.group" to count, finalizer to count), merged with the
    /// namespace's current ones: an unchanged condition keeps its time, a changed one keeps it unless its status moved.
    /// </summary>
    public static List<V1NamespaceCondition> Merge(
        IList<V1NamespaceCondition>? current, IReadOnlyDictionary<string, int> remaining, IReadOnlyDictionary<string, int> finalizers, DateTime now)
    {
        var merged = new List<V1NamespaceCondition>();
        foreach (var (type, reason, message) in Ok)
        {
            (string Status, string Reason, string Message) wanted = type switch
            {
                "NamespaceContentRemaining" when remaining.Count > 0 => ("True", "SomeResourcesRemain",
                    "Some resources are remaining: " + string.Join(", ", remaining.Select(r => $"{r.Key} has {r.Value} resource instances").Order(StringComparer.Ordinal))),
                "NamespaceFinalizersRemaining" when finalizers.Any(f => f.Value > 0) => ("True", "SomeFinalizersRemain",
                    "Some content in the namespace has finalizers remaining: "
                    + string.Join(", ", finalizers.Where(f => f.Value > 0).Select(f => $"{f.Key} in {f.Value} resource instances").Order(StringComparer.Ordinal))),
                _ => ("False", reason, message),
            };
            var old = current?.FirstOrDefault(c => c.Type == type);
            var time = old is not null && old.Status == wanted.Status ? old.LastTransitionTime : now;
            merged.Add(old is not null && old.Status == wanted.Status && old.Reason == wanted.Reason && old.Message == wanted.Message
                ? old
                : new V1NamespaceCondition { Type = type, Status = wanted.Status, Reason = wanted.Reason, Message = wanted.Message, LastTransitionTime = time });
        }
        // Conditions of other types are kept as they are.
        merged.AddRange(current?.Where(c => !Ok.Any(o => o.Type == c.Type)) ?? []);
        return merged;
    }
}
