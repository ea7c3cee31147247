using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Patching;

/// <summary>
/// What an update from <c>old</c> to <c>obj</c> did to the fields an owner can hold: the paths of the new object that
/// changed (absent before, or a field holding another value; a list item that was absent) and the paths of the old
/// object that are gone. The two objects are walked together and equal subtrees are skipped, so only the parts that
/// differ are turned into path strings, where building both objects' whole sets costs a string per field.
/// </summary>
/// <remarks>
/// The walk reads both objects as JSON elements: a node tree parsed from bytes builds its members' dictionaries the
/// first time they are read, so walking two whole trees built ~300 objects per update, where serializing them (mostly a
/// copy of the bytes they were parsed from) and reading the elements allocates two documents. Equal subtrees are found
/// by their bytes first, the usual case, and by value when the bytes differ.
/// </remarks>
internal static class FieldDiff
{
    public static (List<string> Changed, List<string> Removed) Of(JsonObject obj, JsonObject? old, Type? type)
    {
        using var oldDoc = old is null ? null : JsonSerializer.SerializeToDocument(old);
        return Of(obj, oldDoc?.RootElement, type);
    }

    public static (List<string> Changed, List<string> Removed) Of(JsonObject obj, JsonElement? old, Type? type)
    {
        if (old is null)
        {
            // A create: every path of the object is new, read off its tree as it stands (no walk beside another).
            return ([.. ObjectPaths.Collect(obj, type).Paths], []);
        }
        using var objDoc = JsonSerializer.SerializeToDocument(obj);
        return Of(objDoc.RootElement, old, type);
    }

    public static (List<string> Changed, List<string> Removed) Of(JsonElement obj, JsonElement? old, Type? type)
    {
        var changed = new List<string>();
        var removed = new List<string>();
        DiffObject(obj, old, type, null, changed, removed);
        changed.RemoveAll(ObjectPaths.IsStripped);
        removed.RemoveAll(ObjectPaths.IsStripped);
        return (changed, removed);
    }

    private static void DiffObject(JsonElement obj, JsonElement? old, Type? type, string? prefix, List<string> changed, List<string> removed)
    {
        var oldMembers = old is { } o ? new Members(o) : default;
        foreach (var member in obj.EnumerateObject())
        {
            var value = member.Value;
            if (value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }
            var oldValue = oldMembers.Find(member);
            if (oldValue is { } before && Same(before, value))
            {
                continue;
            }
            DiffValue(value, oldValue, ModelSchema.Child(type, member.Name), PatchMeta.For(type, member.Name), ObjectPaths.Join(prefix, "f:" + member.Name), changed, removed);
        }
        if (old is not { } oldObj)
        {
            return;
        }
        var members = new Members(obj);
        foreach (var member in oldObj.EnumerateObject())
        {
            if (member.Value.ValueKind != JsonValueKind.Null && members.Find(member) is null)
            {
                PathsOf(member.Value, ModelSchema.Child(type, member.Name), PatchMeta.For(type, member.Name), ObjectPaths.Join(prefix, "f:" + member.Name), removed);
            }
        }
    }

    /// <summary><paramref name="value"/> differs from <paramref name="old"/>, which may be absent.</summary>
    private static void DiffValue(JsonElement value, JsonElement? old, Type? type, PatchMeta? meta, string path, List<string> changed, List<string> removed)
    {
        if (old is { } before)
        {
            if (IsFilledObject(value) && IsFilledObject(before))
            {
                DiffObject(value, before, type, path, changed, removed);
                return;
            }
            if (value.ValueKind == JsonValueKind.Array && meta?.Merges == true && before.ValueKind == JsonValueKind.Array)
            {
                DiffList(value, before, ModelSchema.Element(type), meta.MergeKey, path, changed, removed);
                return;
            }
        }
        // Different kinds of value, or leaves: the new value's paths all changed, and the old one's that it lacks are gone.
        var start = changed.Count;
        PathsOf(value, type, meta, path, changed);
        if (old is { } gone)
        {
            var now = changed.GetRange(start, changed.Count - start).ToHashSet(StringComparer.Ordinal);
            var oldPaths = new List<string>();
            PathsOf(gone, type, meta, path, oldPaths);
            removed.AddRange(oldPaths.Where(p => !now.Contains(p)));
        }
    }

    private static void DiffList(JsonElement list, JsonElement old, Type? itemType, string? mergeKey, string path,
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
                if (mergeKey is not null)
                {
                    PathsOf(item, itemType, null, itemPath, changed, asObject: true);
                }
            }
            else if (mergeKey is not null && !Same(item, oldItem))
            {
                DiffObject(item, oldItem, itemType, itemPath, changed, removed);
            }
        }
        foreach (var (element, oldItem) in oldItems)
        {
            if (!newItems.ContainsKey(element))
            {
                var itemPath = ObjectPaths.Join(path, element);
                removed.Add(itemPath);
                if (mergeKey is not null)
                {
                    PathsOf(oldItem, itemType, null, itemPath, removed, asObject: true);
                }
            }
        }
    }

    /// <summary>A merged list's items by their path element, the first of duplicates (the set holds each path once).</summary>
    private static Dictionary<string, JsonElement> Items(JsonElement list, string? mergeKey)
    {
        var items = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var item in list.EnumerateArray())
        {
            if (mergeKey is null)
            {
                items.TryAdd("v:" + (Node(item)?.ToJsonString() ?? "null"), item);
            }
            else if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty(mergeKey, out _))
            {
                items.TryAdd(ObjectPaths.KeyElement((JsonObject)Node(item)!, mergeKey), item);
            }
        }
        return items;
    }

    /// <summary>The paths <see cref="ObjectPaths.Collect"/> gives for one value at <paramref name="path"/>.</summary>
    private static void PathsOf(JsonElement value, Type? type, PatchMeta? meta, string path, List<string> into, bool asObject = false)
    {
        var set = new FieldSet();
        var node = Node(value);
        if (asObject)
        {
            ObjectPaths.CollectObject((JsonObject)node!, type, path, set);
        }
        else if (node is not null)
        {
            ObjectPaths.CollectValue(node, type, meta, path, set);
        }
        into.AddRange(set.Paths);
    }

    // A node over the element, for the path rules written on nodes; only the parts that differ come here.
    private static JsonNode? Node(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => JsonObject.Create(value),
        JsonValueKind.Array => JsonArray.Create(value),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => JsonValue.Create(value),
    };

    private static bool IsFilledObject(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.EnumerateObject().MoveNext();

    private static bool Same(JsonElement a, JsonElement b) =>
        JsonMarshal.GetRawUtf8Value(a).SequenceEqual(JsonMarshal.GetRawUtf8Value(b)) || JsonElement.DeepEquals(a, b);

    /// <summary>
    /// An object's members by name: both objects usually list their members in one order (one encoder wrote both), so
    /// the member at the position the walk has reached is tried first, and only a miss indexes the object by name.
    /// </summary>
    private struct Members(JsonElement obj)
    {
        private JsonElement.ObjectEnumerator _next = obj.ValueKind == JsonValueKind.Object ? obj.EnumerateObject() : default;
        private Dictionary<string, JsonElement>? _byName;

        public JsonElement? Find(JsonProperty member)
        {
            if (obj.ValueKind != JsonValueKind.Object)
            {
                return null;
            }
            // A raw name with an escape is not the text NameEquals compares with: such a member is looked up by name.
            var raw = JsonMarshal.GetRawUtf8PropertyName(member);
            if (_byName is null && _next.MoveNext() && !raw.Contains((byte)'\\') && _next.Current.NameEquals(raw))
            {
                return Value(_next.Current.Value);
            }
            if (_byName is null)
            {
                // Of duplicate names, which a node tree refuses, the last.
                _byName = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var each in obj.EnumerateObject())
                {
                    _byName[each.Name] = each.Value;
                }
            }
            return _byName.TryGetValue(member.Name, out var found) ? Value(found) : null;
        }

        private static JsonElement? Value(JsonElement found) => found.ValueKind == JsonValueKind.Null ? null : found;
    }
}
