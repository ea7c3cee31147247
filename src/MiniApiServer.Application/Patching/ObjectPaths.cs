using System.Text;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Patching;

/// <summary>Field paths of a JSON object, in the FieldsV1 element syntax, using the SMP merge keys as list-map keys.</summary>
internal static class ObjectPaths
{
    // Upstream stripMetaManager: these are never owned by a manager.
    private static readonly string[] Stripped =
    [
        "f:apiVersion", "f:kind",
        .. new[] { "name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName", "generation", "managedFields", "resourceVersion" }
            .Select(f => "f:metadata" + FieldSet.Separator + "f:" + f),
    ];

    public static FieldSet Collect(JsonObject obj, Type? type)
    {
        var set = new FieldSet();
        CollectObject(obj, type, null, set);
        return new FieldSet(set.Paths.Where(p => !IsStripped(p)));
    }

    /// <summary>
    /// <see cref="Collect"/> of <paramref name="obj"/>, and which of its paths an update to it from <paramref name="old"/>
    /// changed: a leaf that was absent or held another value, a list item that was absent. One walk of both trees, the
    /// old list items found by their key, where looking each path up from the root costs a walk per path.
    /// </summary>
    public static FieldSet CollectChanges(JsonObject obj, JsonObject? old, Type? type, out List<string> changed)
    {
        var set = new FieldSet();
        var all = new List<string>();
        CompareObject(obj, old, type, null, set, all);
        changed = all.Where(p => !IsStripped(p)).ToList();
        return new FieldSet(set.Paths.Where(p => !IsStripped(p)));
    }

    private static bool IsStripped(string path)
    {
        // Every stripped path is a root field or metadata's; most paths are neither, and are answered by one compare.
        if (!path.StartsWith("f:metadata", StringComparison.Ordinal) && !path.StartsWith("f:apiVersion", StringComparison.Ordinal)
            && !path.StartsWith("f:kind", StringComparison.Ordinal))
        {
            return false;
        }
        foreach (var stripped in Stripped)
        {
            if (path.StartsWith(stripped, StringComparison.Ordinal) && (path.Length == stripped.Length || path[stripped.Length] == FieldSet.Separator))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>True for <paramref name="element"/> at the root and every path beneath it.</summary>
    public static bool IsUnder(string path, string element) =>
        path.StartsWith(element, StringComparison.Ordinal) && (path.Length == element.Length || path[element.Length] == FieldSet.Separator);

    public static bool IsListItem(string path) => LastElement(path)[0] is 'k' or 'v';

    public static bool TryGet(JsonNode? root, string path, out JsonNode? value)
    {
        value = root;
        foreach (var element in path.Split(FieldSet.Separator))
        {
            if (!TryStep(value, element, out value, out _))
            {
                return false;
            }
        }

        return true;
    }

    public static void Remove(JsonNode root, string path)
    {
        var separator = path.LastIndexOf(FieldSet.Separator);
        JsonNode? parent = root;
        if (separator >= 0 && !TryGet(root, path[..separator], out parent))
        {
            return;
        }

        var element = path[(separator + 1)..];
        switch (parent)
        {
            case JsonObject map when element.StartsWith("f:", StringComparison.Ordinal):
                map.Remove(element[2..]);
                break;
            case JsonArray list when TryStep(list, element, out _, out var index):
                list.RemoveAt(index);
                break;
        }
    }

    /// <summary>fieldpath.Path.String(): <c>.spec.containers[name="c"].image</c>.</summary>
    public static string Format(string path)
    {
        var text = new StringBuilder();
        foreach (var element in path.Split(FieldSet.Separator))
        {
            var body = element[2..];
            switch (element[0])
            {
                case 'f':
                    text.Append('.').Append(body);
                    break;
                case 'k':
                    var keys = JsonNode.Parse(body)!.AsObject().Select(kv => $"{kv.Key}={kv.Value?.ToJsonString()}");
                    text.Append('[').AppendJoin(',', keys).Append(']');
                    break;
                case 'v':
                    text.Append("[=").Append(body).Append(']');
                    break;
                default:
                    text.Append('[').Append(body).Append(']');
                    break;
            }
        }

        return text.ToString();
    }

    public static string KeyElement(JsonObject item, string mergeKey) =>
        "k:" + new JsonObject { [mergeKey] = item[mergeKey]?.DeepClone() }.ToJsonString();

    private static void CollectObject(JsonObject obj, Type? type, string? prefix, FieldSet set)
    {
        foreach (var (key, value) in obj)
        {
            if (value is not null)
            {
                CollectValue(value, ModelSchema.Child(type, key), PatchMeta.For(type, key), Join(prefix, "f:" + key), set);
            }
        }
    }

    private static void CollectValue(JsonNode value, Type? type, PatchMeta? meta, string path, FieldSet set)
    {
        switch (value)
        {
            case JsonObject { Count: > 0 } map:
                CollectObject(map, type, path, set);
                break;
            case JsonArray list when meta?.Merges == true:
                foreach (var item in list)
                {
                    if (meta.MergeKey is { } key && item is JsonObject element && element.ContainsKey(key))
                    {
                        var itemPath = Join(path, KeyElement(element, key));
                        set.Add(itemPath);
                        CollectObject(element, ModelSchema.Element(type), itemPath, set);
                    }
                    else if (meta.MergeKey is null)
                    {
                        set.Add(Join(path, "v:" + (item?.ToJsonString() ?? "null")));
                    }
                }

                break;
            default:
                set.Add(path);
                break;
        }
    }

    private static void CompareObject(JsonObject obj, JsonObject? old, Type? type, string? prefix, FieldSet set, List<string> changed)
    {
        foreach (var (key, value) in obj)
        {
            if (value is not null)
            {
                CompareValue(value, old?[key], ModelSchema.Child(type, key), PatchMeta.For(type, key), Join(prefix, "f:" + key), set, changed);
            }
        }
    }

    private static void CompareValue(JsonNode value, JsonNode? old, Type? type, PatchMeta? meta, string path, FieldSet set, List<string> changed)
    {
        switch (value)
        {
            case JsonObject { Count: > 0 } map:
                CompareObject(map, old as JsonObject, type, path, set, changed);
                break;
            case JsonArray list when meta?.Merges == true:
                var oldItems = OldItems(old as JsonArray, meta.MergeKey);
                foreach (var item in list)
                {
                    if (meta.MergeKey is { } key && item is JsonObject element && element.ContainsKey(key))
                    {
                        var itemElement = KeyElement(element, key);
                        var itemPath = Join(path, itemElement);
                        set.Add(itemPath);
                        oldItems.TryGetValue(itemElement, out var oldItem);
                        if (oldItem is null)
                        {
                            changed.Add(itemPath);
                        }
                        CompareObject(element, oldItem as JsonObject, ModelSchema.Element(type), itemPath, set, changed);
                    }
                    else if (meta.MergeKey is null)
                    {
                        var itemPath = Join(path, "v:" + (item?.ToJsonString() ?? "null"));
                        set.Add(itemPath);
                        if (!oldItems.ContainsKey(itemPath[(path.Length + 1)..]))
                        {
                            changed.Add(itemPath);
                        }
                    }
                }

                break;
            default:
                set.Add(path);
                if (old is null || !JsonNode.DeepEquals(old, value))
                {
                    changed.Add(path);
                }

                break;
        }
    }

    /// <summary>An old list's items by their path element (the first of duplicates, as a lookup from the root finds).</summary>
    private static Dictionary<string, JsonNode?> OldItems(JsonArray? old, string? mergeKey)
    {
        var items = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var item in old ?? [])
        {
            if (mergeKey is null)
            {
                items.TryAdd("v:" + (item?.ToJsonString() ?? "null"), item);
            }
            else if (item is JsonObject element && element.ContainsKey(mergeKey))
            {
                items.TryAdd(KeyElement(element, mergeKey), element);
            }
        }

        return items;
    }

    private static bool TryStep(JsonNode? node, string element, out JsonNode? child, out int index)
    {
        child = null;
        index = -1;
        var body = element[2..];
        switch (element[0], node)
        {
            case ('f', JsonObject obj):
                return obj.TryGetPropertyValue(body, out child);
            case ('k', JsonArray list):
                var keys = JsonNode.Parse(body)!.AsObject();
                index = FindIndex(list, item => item is JsonObject o && keys.All(k => JsonNode.DeepEquals(o[k.Key], k.Value)));
                break;
            case ('v', JsonArray list):
                var wanted = JsonNode.Parse(body);
                index = FindIndex(list, item => JsonNode.DeepEquals(item, wanted));
                break;
            default:
                return false;
        }

        child = index >= 0 ? ((JsonArray)node!)[index] : null;
        return index >= 0;
    }

    private static int FindIndex(JsonArray list, Func<JsonNode?, bool> match)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (match(list[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static string LastElement(string path) => path[(path.LastIndexOf(FieldSet.Separator) + 1)..];

    private static string Join(string? prefix, string element) => prefix is null ? element : prefix + FieldSet.Separator + element;
}
