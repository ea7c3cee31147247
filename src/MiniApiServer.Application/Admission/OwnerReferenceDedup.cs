using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// dedupOwnerReferencesAndAddWarning (apiserver/pkg/endpoints/handlers/rest.go): an owner reference equal in every field
/// to an earlier one is dropped, with a warning naming each dropped one's uid. A create or update is deduped before
/// admission; a patch only after it, so its warning says so.
/// </summary>
public static class OwnerReferenceDedup
{
    private const string Warning =
        ".metadata.ownerReferences contains duplicate entries; API server dedups owner references in 1.20+, and may reject such requests as early as 1.24; please fix your requests; duplicate UID(s) observed: ";

    private const string AfterMutatingAdmissionWarning =
        ".metadata.ownerReferences contains duplicate entries after mutating admission happens; API server dedups owner references in 1.20+, and may reject such requests as early as 1.24; please fix your requests; duplicate UID(s) observed: ";

    public static void Dedup(JsonObject? metadata, List<string> warnings, bool afterMutatingAdmission)
    {
        // An entry that is not an object is the typed decode's 400 to give; reading its fields here would throw.
        // A null entry is left to the decode too, which refuses it as a list item.
        if (metadata?["ownerReferences"] is not JsonArray { Count: > 1 } owners || owners.Any(o => o is not JsonObject))
        {
            return;
        }
        var dropped = Duplicates(owners, o => Key(Text(o!["apiVersion"]), Text(o["kind"]), Text(o["name"]), Text(o["uid"]), Flag(o["controller"]), Flag(o["blockOwnerDeletion"])));
        var uids = dropped.Select(i => Text(owners[i]!["uid"]) ?? "").ToList();
        for (var i = dropped.Count - 1; i >= 0; i--)
        {
            owners.RemoveAt(dropped[i]);
        }
        Warn(uids, warnings, afterMutatingAdmission);
    }

    public static void Dedup(V1ObjectMeta? metadata, List<string> warnings, bool afterMutatingAdmission)
    {
        if (metadata?.OwnerReferences is not { Count: > 1 } owners)
        {
            return;
        }
        var dropped = Duplicates(owners, o => Key(o.ApiVersion, o.Kind, o.Name, o.Uid, o.Controller, o.BlockOwnerDeletion));
        if (dropped.Count > 0)
        {
            metadata.OwnerReferences = owners.Where((_, i) => !dropped.Contains(i)).ToList();
        }
        Warn(dropped.Select(i => owners[i].Uid ?? "").ToList(), warnings, afterMutatingAdmission);
    }

    /// <summary>The indexes of the entries equal to an earlier one, in order.</summary>
    private static List<int> Duplicates<T>(IList<T> owners, Func<T, string> key)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var dropped = new List<int>();
        for (var i = 0; i < owners.Count; i++)
        {
            if (!seen.Add(key(owners[i])))
            {
                dropped.Add(i);
            }
        }
        return dropped;
    }

    private static void Warn(List<string> duplicates, List<string> warnings, bool afterMutatingAdmission)
    {
        if (duplicates.Count > 0)
        {
            warnings.Add((afterMutatingAdmission ? AfterMutatingAdmissionWarning : Warning) + string.Join(", ", duplicates));
        }
    }

    // apiequality.Semantic.DeepEqual on metav1.OwnerReference: a nil *bool is not a false one.
    private static string Key(string? apiVersion, string? kind, string? name, string? uid, bool? controller, bool? blockOwnerDeletion) =>
        JsonSerializer.Serialize(new object?[] { apiVersion, kind, name, uid, controller, blockOwnerDeletion });

    private static string? Text(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node?.ToJsonString();

    private static bool? Flag(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
