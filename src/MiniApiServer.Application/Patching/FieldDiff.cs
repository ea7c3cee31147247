using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Patching;

/// <summary>
/// What an update from <c>old</c> to <c>obj</c> did to the fields an owner can hold: the paths of the new object that
/// changed (absent before, or a field holding another value; a list item that was absent) and the paths of the old
/// object that are gone. The two objects are walked together and equal subtrees are skipped, so only the parts that
/// differ are turned into path strings, where building both objects' whole sets costs a string per field.
/// </summary>
internal static class FieldDiff
{
    public static (List<string> Changed, List<string> Removed) Of(JsonObject obj, JsonObject? old, Type? type)
    {
        var changed = new List<string>();
        var removed = new List<string>();
        DiffObject(obj, old, type, null, changed, removed);
        changed.RemoveAll(ObjectPaths.IsStripped);
        removed.RemoveAll(ObjectPaths.IsStripped);
        return (changed, removed);
    }

    private static void DiffObject(JsonObject obj, JsonObject? old, Type? type, string? prefix, List<string> changed, List<string> removed)
    {
        foreach (var (key, value) in obj)
        {
            var oldValue = old?[key];
            if (value is null || (oldValue is not null && JsonNode.DeepEquals(oldValue, value)))
            {
                continue;
            }
            DiffValue(value, oldValue, ModelSchema.Child(type, key), PatchMeta.For(type, key), ObjectPaths.Join(prefix, "f:" + key), changed, removed);
        }
        if (old is null)
        {
            return;
        }
        foreach (var (key, oldValue) in old)
        {
            if (oldValue is not null && obj[key] is null)
            {
                PathsOf(oldValue, ModelSchema.Child(type, key), PatchMeta.For(type, key), ObjectPaths.Join(prefix, "f:" + key), removed);
            }
        }
    }

    /// <summary><paramref name="value"/> differs from <paramref name="old"/>, which may be absent.</summary>
    private static void DiffValue(JsonNode value, JsonNode? old, Type? type, PatchMeta? meta, string path, List<string> changed, List<string> removed)
    {
        switch (value)
        {
            case JsonObject { Count: > 0 } map when old is JsonObject { Count: > 0 } oldMap:
                DiffObject(map, oldMap, type, path, changed, removed);
                return;
            case JsonArray list when meta?.Merges == true && old is JsonArray oldList:
                DiffList(list, oldList, ModelSchema.Element(type), meta.MergeKey, path, changed, removed);
                return;
        }
        // Different kinds of value, or leaves: the new value's paths all changed, and the old one's that it lacks are gone.
        var before = changed.Count;
        PathsOf(value, type, meta, path, changed);
        if (old is not null)
        {
            var now = changed.GetRange(before, changed.Count - before).ToHashSet(StringComparer.Ordinal);
            var oldPaths = new List<string>();
            PathsOf(old, type, meta, path, oldPaths);
            removed.AddRange(oldPaths.Where(p => !now.Contains(p)));
        }
    }

    private static void DiffList(JsonArray list, JsonArray old, Type? itemType, string? mergeKey, string path,
        List<string> changed, List<string> removed)
    {
        var oldItems = Items(old, mergeKey);
        var newItems = Items(list, mergeKey);
        foreach (var (element, item) in newItems)
        {
            var itemPath = ObjectPaths.Join(path, element);
            if (!oldItems.TryGetValue(element, out var oldItem))
            {
                changed.Add(itemPath);
                if (item is JsonObject added && mergeKey is not null)
                {
                    PathsOf(added, itemType, null, itemPath, changed, asObject: true);
                }
            }
            else if (mergeKey is not null && !JsonNode.DeepEquals(item, oldItem))
            {
                DiffObject((JsonObject)item!, (JsonObject)oldItem!, itemType, itemPath, changed, removed);
            }
        }
        foreach (var (element, oldItem) in oldItems)
        {
            if (!newItems.ContainsKey(element))
            {
                var itemPath = ObjectPaths.Join(path, element);
                removed.Add(itemPath);
                if (oldItem is JsonObject gone && mergeKey is not null)
                {
                    PathsOf(gone, itemType, null, itemPath, removed, asObject: true);
                }
            }
        }
    }

    /// <summary>A merged list's items by their path element, the first of duplicates (the set holds each path once).</summary>
    private static Dictionary<string, JsonNode?> Items(JsonArray list, string? mergeKey)
    {
        var items = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var item in list)
        {
            if (mergeKey is null)
            {
                items.TryAdd("v:" + (item?.ToJsonString() ?? "null"), item);
            }
            else if (item is JsonObject element && element.ContainsKey(mergeKey))
            {
                items.TryAdd(ObjectPaths.KeyElement(element, mergeKey), element);
            }
        }
        return items;
    }

    /// <summary>The paths <see cref="ObjectPaths.Collect"/> gives for one value at <paramref name="path"/>.</summary>
    private static void PathsOf(JsonNode value, Type? type, PatchMeta? meta, string path, List<string> into, bool asObject = false)
    {
        var set = new FieldSet();
        if (asObject)
        {
            ObjectPaths.CollectObject((JsonObject)value, type, path, set);
        }
        else
        {
            ObjectPaths.CollectValue(value, type, meta, path, set);
        }
        into.AddRange(set.Paths);
    }
}
