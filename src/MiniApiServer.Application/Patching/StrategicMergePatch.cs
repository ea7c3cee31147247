using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Patching;

/// <summary>
/// Kubernetes strategic merge patch (application/strategic-merge-patch+json), following
/// k8s.io/apimachinery/pkg/util/strategicpatch mergeMap with the server's options
/// (MergeParallelList and IgnoreUnmatchedNulls both on).
/// </summary>
public static class StrategicMergePatch
{
    internal const string DirectiveMarker = "$patch";
    internal const string SetElementOrderPrefix = "$setElementOrder/";
    internal const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList/";
    private const string RetainKeysDirective = "$retainKeys";

    public static JsonObject Apply(JsonObject original, JsonObject patch, Type modelType) =>
        MergeMap((JsonObject)original.DeepClone(), patch, modelType) ?? [];

    /// <summary>Merges into <paramref name="original"/>, which the caller owns; null when the patch deletes the map.</summary>
    internal static JsonObject? MergeMap(JsonObject original, JsonObject patch, Type? type)
    {
        switch (DirectiveOf(patch))
        {
            case null or "merge":
                break;
            case "replace":
                original = [];
                break;
            case "delete":
                return null;
            case var other:
                throw BadPatchType(other, patch);
        }

        ApplyRetainKeys(original, patch);
        foreach (var (key, value) in patch)
        {
            if (key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal))
            {
                DeleteFromPrimitiveList(original, key[DeleteFromPrimitiveListPrefix.Length..], value);
            }
        }

        foreach (var (key, value) in patch)
        {
            if (!key.StartsWith('$'))
            {
                MergeField(original, patch, key, value, type);
            }
        }

        foreach (var (key, value) in patch)
        {
            if (key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal))
            {
                var field = key[SetElementOrderPrefix.Length..];
                if (!patch.ContainsKey(field) && original[field] is JsonArray list)
                {
                    ListMerge.Reorder(list, OrderList(value), PatchMeta.For(type, field));
                }
            }
        }

        return original;
    }

    /// <summary>A patch value taken as-is (nothing to merge with), with directives and nulls resolved.</summary>
    internal static JsonNode? Fresh(JsonNode? patch, Type? type, PatchMeta? meta = null) => patch switch
    {
        JsonObject map => MergeMap([], map, type),
        JsonArray list => ListMerge.Merge([], list, type, meta, null),
        _ => patch?.DeepClone(),
    };

    internal static string? DirectiveOf(JsonObject map) =>
        map.TryGetPropertyValue(DirectiveMarker, out var directive)
            ? directive is JsonValue value && value.TryGetValue<string>(out var text) ? text : directive?.ToJsonString() ?? "null"
            : null;

    internal static PatchException BadPatchType(string directive, JsonObject map) =>
        new($"unknown patch type: {directive} in map: {map.ToJsonString()}");

    private static void MergeField(JsonObject original, JsonObject patch, string key, JsonNode? value, Type? type)
    {
        if (value is null)
        {
            original.Remove(key);
            return;
        }

        var meta = PatchMeta.For(type, key);
        var childType = ModelSchema.Child(type, key);
        var order = patch.TryGetPropertyValue(SetElementOrderPrefix + key, out var orderNode) ? OrderList(orderNode) : null;
        original.TryGetPropertyValue(key, out var current);
        var merged = (current, value) switch
        {
            (JsonObject map, JsonObject mapPatch) => MergeMap(map, mapPatch, childType),
            (JsonArray list, JsonArray listPatch) => ListMerge.Merge(list, listPatch, childType, meta, order),
            (null, JsonArray listPatch) => ListMerge.Merge([], listPatch, childType, meta, order),
            _ => Fresh(value, childType, meta),
        };

        if (merged is null)
        {
            original.Remove(key);
        }
        else if (!ReferenceEquals(merged, current))
        {
            original[key] = merged;
        }
    }

    private static void ApplyRetainKeys(JsonObject original, JsonObject patch)
    {
        if (!patch.TryGetPropertyValue(RetainKeysDirective, out var node))
        {
            return;
        }

        if (node is not JsonArray list || list.Any(k => k is not JsonValue v || !v.TryGetValue<string>(out _)))
        {
            throw new PatchException("invalid patch format of retainKeys");
        }

        var retained = list.Select(k => k!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        if (patch.Any(p => p.Value is not null && !p.Key.StartsWith('$') && !retained.Contains(p.Key)))
        {
            throw new PatchException("invalid patch format of retainKeys");
        }

        foreach (var key in original.Select(p => p.Key).Where(k => !retained.Contains(k)).ToList())
        {
            original.Remove(key);
        }
    }

    private static void DeleteFromPrimitiveList(JsonObject original, string field, JsonNode? values)
    {
        if (values is not JsonArray toDelete || toDelete.Any(v => v is JsonObject or JsonArray))
        {
            throw new PatchException("invalid patch format of primitive list");
        }

        if (original[field] is not JsonArray list)
        {
            return;
        }

        var deleted = toDelete.Select(ListMerge.ScalarKey).ToHashSet(StringComparer.Ordinal);
        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (deleted.Contains(ListMerge.ScalarKey(list[i])))
            {
                list.RemoveAt(i);
            }
        }
    }

    private static JsonArray OrderList(JsonNode? node) =>
        node as JsonArray ?? throw new PatchException("invalid patch format of setElementOrder list");
}
