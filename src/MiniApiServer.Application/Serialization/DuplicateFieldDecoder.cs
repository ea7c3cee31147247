using System.Text.Json;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Patching;

namespace MiniApiServer.Application.Serialization;

/// <summary>
/// Builds the tree of a JSON body that repeats a key in one object, as sigs.k8s.io/json decodes it (decode.go's object()),
/// and records each repeat as its "duplicate field" strict error. A repeated field of a typed object decodes into the value
/// already there: a struct merges field by field, a list item by item up to the new length, and a map keeps the keys the
/// new one does not set. A key repeated within one map, or anywhere in untyped JSON (a patch, decoded into
/// map[string]interface{}), replaces the earlier value. An unknown field is skipped unread, so nothing under it is reported.
/// </summary>
internal sealed class DuplicateFieldDecoder
{
    // saveStrictError keeps 100 errors, so no more repeats than that can be told; a hostile body may hold millions.
    private const int MaxRecorded = 100;

    private readonly List<(JsonFieldPath Path, int Order)> _duplicates = [];
    private readonly HashSet<(JsonFieldPath? Parent, string Name)> _duplicateKeys = [];
    private readonly List<(JsonFieldPath Path, int Order)> _unknown = [];
    private readonly Dictionary<string, int> _firstSeen = new(StringComparer.Ordinal);
    private int _order;

    /// <param name="type">The model the body decodes into; null for untyped JSON.</param>
    public static JsonNode? Build(JsonElement root, Type? type, out BodyDuplicates duplicates)
    {
        var decoder = new DuplicateFieldDecoder();
        var node = decoder.Value(root, type, typed: type is not null, reported: true, path: null, depth: 0);
        duplicates = new BodyDuplicates(
            [.. decoder._duplicates.Select(d => (d.Path.ToString(), d.Order))], decoder._firstSeen, [.. decoder._unknown.Select(u => (u.Path.ToString(), u.Order))]);
        return node;
    }

    // Paths are a linked list made a string only for what is reported: a string per key would make a body nested 500
    // deep cost its key count times its depth.
    private JsonNode? Value(JsonElement element, Type? type, bool typed, bool reported, JsonFieldPath? path, int depth)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                return Object(element, type, typed, reported, path, depth);
            case JsonValueKind.Array:
                var array = new JsonArray();
                var item = typed ? ModelSchema.Element(type) : null;
                var i = 0;
                foreach (var entry in element.EnumerateArray())
                {
                    array.Add(Value(entry, item, typed && item is not null, reported, new JsonFieldPath(path, null, i), depth + 1));
                    i++;
                }
                return array;
            case JsonValueKind.Null:
                return null;
            default:
                return JsonValue.Create(element);
        }
    }

    private JsonObject Object(JsonElement element, Type? type, bool typed, bool reported, JsonFieldPath? path, int depth)
    {
        var isStruct = typed && type is not null && ModelSchema.HasFields(type);
        var isMap = typed && type is not null && ModelSchema.IsMap(type);
        var obj = new JsonObject();
        foreach (var property in element.EnumerateObject())
        {
            var name = property.Name;
            // Within a struct only a known field is checked for repeats (checkDuplicateField); an unknown one is skipped.
            var child = isStruct || isMap ? ModelSchema.Child(type, name) : null;
            var known = !isStruct || child is not null;
            var childPath = new JsonFieldPath(path, name, -1);
            var order = ++_order;
            if (!typed && depth <= 1)
            {
                // Untyped JSON's unknown fields are a JSON patch operation's members, told by PatchStrictDecode by path.
                _firstSeen.TryAdd(childPath.ToString(), order);
            }
            // A field the model types as object is one Go reads raw (FieldsV1, RawExtension, JSON: their own UnmarshalJSON),
            // so nothing repeated inside it is reported.
            var opaque = child == typeof(object);
            if (isStruct && child is null && reported && property.Value.ValueKind != JsonValueKind.Null)
            {
                // Recorded as met, as the decoder saves it: a later repeat may replace the value that held it. (A null
                // one is left out, as JsonShape.UnknownFields leaves it out.)
                _unknown.Add((childPath, order));
            }
            var value = Value(property.Value, opaque ? null : child, typed && child is not null && !opaque, reported && known && !opaque, childPath, depth + 1);
            if (!obj.TryGetPropertyValue(name, out var existing))
            {
                obj.Add(name, value);
                continue;
            }
            if (reported && known && _duplicateKeys.Count < MaxRecorded && _duplicateKeys.Add((path, name)))
            {
                _duplicates.Add((childPath, order));
            }
            // A struct's field decodes into what is there; a map's entry is decoded afresh (mapElem.SetZero()).
            var merged = isStruct && child is not null ? Merge(existing, value, child) : value;
            if (!ReferenceEquals(merged, existing))
            {
                obj[name] = merged;
            }
        }
        return obj;
    }

    /// <summary>encoding/json decoding a value into the one a field already holds; returns what the field then holds.</summary>
    private static JsonNode? Merge(JsonNode? existing, JsonNode? incoming, Type type)
    {
        switch (existing, incoming)
        {
            case (JsonObject into, JsonObject from) when ModelSchema.HasFields(type) || ModelSchema.IsMap(type):
                var isStruct = ModelSchema.HasFields(type);
                foreach (var name in from.Select(p => p.Key).ToList())
                {
                    var value = from[name];
                    from.Remove(name);
                    if (!into.TryGetPropertyValue(name, out var current))
                    {
                        into.Add(name, value);
                        continue;
                    }
                    var child = isStruct ? ModelSchema.Property(type, name) : null;
                    var merged = child is not null ? Merge(current, value, child) : value;
                    if (!ReferenceEquals(merged, current))
                    {
                        into[name] = merged;
                    }
                }
                return into;
            case (JsonArray into, JsonArray from) when ModelSchema.Element(type) is { } item:
                // decode.go's array(): item i decodes into the slice's item i, and the slice is cut to the new length.
                var items = from.ToList();
                from.Clear();
                for (var i = 0; i < items.Count; i++)
                {
                    if (i >= into.Count)
                    {
                        into.Add(items[i]);
                        continue;
                    }
                    var merged = Merge(into[i], items[i], item);
                    if (!ReferenceEquals(merged, into[i]))
                    {
                        into[i] = merged;
                    }
                }
                while (into.Count > items.Count)
                {
                    into.RemoveAt(into.Count - 1);
                }
                return into;
            default:
                return incoming;
        }
    }
}
