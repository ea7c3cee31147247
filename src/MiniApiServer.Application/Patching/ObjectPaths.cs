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

    public static bool IsStripped(string path)
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

    internal static void CollectObject(JsonObject obj, Type? type, string? prefix, FieldSet set)
    {
        foreach (var (key, value) in obj)
        {
            if (value is not null)
            {
                CollectValue(value, ModelSchema.Child(type, key), PatchMeta.For(type, key), Join(prefix, "f:" + key), set);
            }
        }
    }

    internal static void CollectValue(JsonNode value, Type? type, PatchMeta? meta, string path, FieldSet set)
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

    internal static string Join(string? prefix, string element) => prefix is null ? element : prefix + FieldSet.Separator + element;
}
