using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Patching;

/// <summary>
/// List handling of strategic merge patch: mergeSlice, mergeSliceWithSpecialElements and the
/// order normalisation of upstream strategicpatch (patch items in patch / $setElementOrder order,
/// server-only items interleaved by their live order).
/// </summary>
internal static class ListMerge
{
    /// <summary>Merges <paramref name="patch"/> into <paramref name="original"/> (owned by the caller) and returns it.</summary>
    public static JsonArray Merge(JsonArray original, JsonArray patch, Type? listType, PatchMeta? meta, JsonArray? order)
    {
        var elementType = ModelSchema.Element(listType);
        if (meta?.Merges != true)
        {
            original.Clear();
            foreach (var element in patch)
            {
                original.Add(StrategicMergePatch.Fresh(element, elementType));
            }

            return original;
        }

        var mergeKey = meta.MergeKey;
        var serverOrder = original.Select(i => KeyOf(i, mergeKey)).ToList();
        var items = Detach(original);
        var patchItems = mergeKey is null
            ? MergePrimitives(items, patch)
            : MergeMaps(items, patch, mergeKey, elementType);

        if (order is not null)
        {
            ValidateOrder(patchItems, order, mergeKey);
        }

        var patchOrder = (order?.ToList() ?? patchItems).Select(i => KeyOf(i, mergeKey)).ToList();
        return Refill(original, Normalize(items, patchOrder, serverOrder, mergeKey));
    }

    /// <summary>Applies a <c>$setElementOrder</c> list to a list the patch does not otherwise touch.</summary>
    public static void Reorder(JsonArray list, JsonArray order, PatchMeta? meta)
    {
        if (meta?.Merges != true)
        {
            return;
        }

        var serverOrder = list.Select(i => KeyOf(i, meta.MergeKey)).ToList();
        var patchOrder = order.Select(i => KeyOf(i, meta.MergeKey)).ToList();
        var items = Detach(list);
        Refill(list, Normalize(items, patchOrder, serverOrder, meta.MergeKey));
    }

    public static string ScalarKey(JsonNode? value) => value?.ToJsonString() ?? "null";

    private static List<JsonNode?> MergeMaps(List<JsonNode?> items, JsonArray patch, string mergeKey, Type? elementType)
    {
        var additions = new List<JsonObject>();
        var replace = false;
        foreach (var element in patch)
        {
            if (element is not JsonObject map)
            {
                throw new PatchException($"expected a map in the list, but received {ScalarKey(element)}");
            }

            switch (StrategicMergePatch.DirectiveOf(map))
            {
                case null:
                    additions.Add(map);
                    break;
                case "delete":
                    var deleted = KeyOf(map, mergeKey) ?? throw NoMergeKey(map, mergeKey);
                    items.RemoveAll(i => KeyOf(i, mergeKey) == deleted);
                    break;
                case "replace":
                    replace = true;
                    break;
                case "merge":
                    throw new PatchException("merging lists cannot yet be specified in the patch");
                case var other:
                    throw StrategicMergePatch.BadPatchType(other, map);
            }
        }

        if (replace)
        {
            items.Clear();
        }

        foreach (var addition in additions)
        {
            var key = KeyOf(addition, mergeKey) ?? throw NoMergeKey(addition, mergeKey);
            var index = items.FindIndex(i => KeyOf(i, mergeKey) == key);
            if (index >= 0 && items[index] is JsonObject existing)
            {
                items[index] = StrategicMergePatch.MergeMap(existing, addition, elementType);
            }
            else
            {
                items.Add(StrategicMergePatch.MergeMap([], addition, elementType));
            }
        }

        return [.. additions];
    }

    private static List<JsonNode?> MergePrimitives(List<JsonNode?> items, JsonArray patch)
    {
        var values = new List<JsonNode?>();
        foreach (var element in patch)
        {
            if (element is not JsonObject map)
            {
                values.Add(element);
            }
            else if (StrategicMergePatch.DirectiveOf(map) == "replace")
            {
                items.Clear();
            }
            else
            {
                throw new PatchException("cannot merge lists without merge key");
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        items.RemoveAll(i => !seen.Add(ScalarKey(i)));
        items.AddRange(values.Where(v => seen.Add(ScalarKey(v))).Select(v => v?.DeepClone()));
        return values;
    }

    /// <summary>Upstream normalizeElementOrder + mergeSortedSlice.</summary>
    private static List<JsonNode?> Normalize(List<JsonNode?> items, List<string?> patchOrder, List<string?> serverOrder, string? mergeKey)
    {
        int IndexIn(List<string?> order, JsonNode? item) => KeyOf(item, mergeKey) is { } key ? order.IndexOf(key) : -1;

        var fromPatch = items.Where(i => IndexIn(patchOrder, i) >= 0).OrderBy(i => IndexIn(patchOrder, i)).ToList();
        var serverOnly = items.Where(i => IndexIn(patchOrder, i) < 0)
            .OrderBy(i => IndexIn(serverOrder, i) is var index and >= 0 ? index : int.MaxValue)
            .ToList();

        var result = new List<JsonNode?>(items.Count);
        int left = 0, right = 0;
        while (left < serverOnly.Count || right < fromPatch.Count)
        {
            var takeLeft = right >= fromPatch.Count
                || (left < serverOnly.Count && IndexIn(serverOrder, serverOnly[left]) is var li and >= 0
                    && IndexIn(serverOrder, fromPatch[right]) is var ri and >= 0 && li < ri);
            result.Add(takeLeft ? serverOnly[left++] : fromPatch[right++]);
        }

        return result;
    }

    /// <summary>Upstream validatePatchWithSetOrderList: patch items must appear in the order list, in the same relative order.</summary>
    private static void ValidateOrder(List<JsonNode?> patchItems, JsonArray order, string? mergeKey)
    {
        var patchIndex = 0;
        for (var orderIndex = 0; patchIndex < patchItems.Count && orderIndex < order.Count; orderIndex++)
        {
            if (KeyOf(patchItems[patchIndex], mergeKey) == KeyOf(order[orderIndex], mergeKey))
            {
                patchIndex++;
            }
        }

        if (patchIndex < patchItems.Count)
        {
            throw new PatchException("invalid patch format of setElementOrder list: the order in the patch list doesn't match the $setElementOrder list");
        }
    }

    private static string? KeyOf(JsonNode? item, string? mergeKey) => mergeKey is null
        ? ScalarKey(item)
        : item is JsonObject map && map.TryGetPropertyValue(mergeKey, out var value) ? ScalarKey(value) : null;

    private static List<JsonNode?> Detach(JsonArray list)
    {
        var items = list.ToList();
        list.Clear();
        return items;
    }

    private static JsonArray Refill(JsonArray list, List<JsonNode?> items)
    {
        foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    private static PatchException NoMergeKey(JsonObject map, string mergeKey) =>
        new($"map: {map.ToJsonString()} does not contain declared merge key: {mergeKey}");
}
