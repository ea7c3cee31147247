using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Patching;

/// <summary>
/// The FieldsV1 a create records for its manager, read straight from the object's JSON bytes: the set
/// <see cref="ObjectPaths.Collect"/> builds from a JsonNode tree (leaves, list-map items by their merge key, set items
/// by value, upstream's stripped metadata left out), so that a create that names a manager (every kubectl create does,
/// and every HTTP create is named by its User-Agent) keeps the typed path.
/// </summary>
/// <remarks>
/// Objects made from one template own the same fields, so the set is kept by the object's shape: its member names,
/// which members are empty objects, and its list-map keys and set values, in document order, with the type and
/// whether status is reset. A create whose shape was seen shares that set (read-only) instead of building one: the
/// shape walk allocates nothing, where building the set allocates per field.
/// </remarks>
internal static class CreatedFields
{
    private const int MaxShapes = 4096;
    private const byte MemberMark = 0, EmptyMark = 1, LeafMark = 2, OpenMark = 3, CloseMark = 4, KeyMark = 5, ValueMark = 6;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly ConcurrentDictionary<byte[], JsonElement?> Shapes = new(ShapeComparer.Instance);
    private static readonly ConcurrentDictionary<byte[], JsonElement?>.AlternateLookup<ReadOnlySpan<byte>> ShapeLookup =
        Shapes.GetAlternateLookup<ReadOnlySpan<byte>>();

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? shapeBuffer;

    [ThreadStatic]
    private static char[]? nameBuffer;

    /// <summary>Null when the object sets no field a manager can own (upstream records no entry then).</summary>
    /// <param name="resetStatus">Leave status out: the main resource's strategy resets it (upstream's ResetFieldsStrategy).</param>
    public static JsonElement? Of(ReadOnlySpan<byte> json, Type? type, bool resetStatus)
    {
        var shape = shapeBuffer ??= new ArrayBufferWriter<byte>(2048);
        shape.ResetWrittenCount();
        Span<byte> head = stackalloc byte[9];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(head, type?.TypeHandle.Value ?? 0);
        head[8] = resetStatus ? (byte)1 : (byte)0;
        shape.Write(head);
        var reader = new Utf8JsonReader(json);
        if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            ShapeObject(json, ref reader, type, shape, depth: 0, inMetadata: false, resetStatus);
        }
        if (ShapeLookup.TryGetValue(shape.WrittenSpan, out var known))
        {
            return known;
        }
        var fields = Build(json, type, resetStatus);
        if (Shapes.Count >= MaxShapes)
        {
            Shapes.Clear();
        }
        Shapes.TryAdd(shape.WrittenSpan.ToArray(), fields);
        return fields;
    }

    /// <summary>The set built anew, without the shape table.</summary>
    internal static JsonElement? Build(ReadOnlySpan<byte> json, Type? type, bool resetStatus)
    {
        var reader = new Utf8JsonReader(json);
        var root = new Node();
        if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            CollectObject(ref reader, type, root, depth: 0, inMetadata: false, resetStatus);
        }
        if (root.IsEmpty)
        {
            return null;
        }
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            root.Write(writer);
        }
        var written = new Utf8JsonReader(buffer.WrittenSpan);
        return JsonElement.ParseValue(ref written);
    }

    private static void ShapeObject(ReadOnlySpan<byte> json, ref Utf8JsonReader reader, Type? type, ArrayBufferWriter<byte> shape,
        int depth, bool inMetadata, bool resetStatus)
    {
        var name = nameBuffer ??= new char[128];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Name(ref reader, name);
            var raw = reader.HasValueSequence ? default : reader.ValueSpan;
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null || IsStripped(field, depth, inMetadata) || (resetStatus && depth == 0 && field is "status"))
            {
                reader.Skip();
                continue;
            }
            Write(shape, MemberMark);
            Write(shape, raw);
            var schema = FieldSchema.Of(type, field);
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    var before = reader;
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.EndObject)
                    {
                        Write(shape, EmptyMark);
                        break;
                    }
                    reader = before;
                    Write(shape, OpenMark);
                    ShapeObject(json, ref reader, schema.Type, shape, depth + 1, depth == 0 && field is "metadata", resetStatus: false);
                    Write(shape, CloseMark);
                    break;
                case JsonTokenType.StartArray when schema.Merges:
                    Write(shape, OpenMark);
                    ShapeList(json, ref reader, ModelSchema.Element(schema.Type), schema.MergeKey, shape, depth + 1);
                    Write(shape, CloseMark);
                    break;
                default:
                    reader.Skip();
                    Write(shape, LeafMark);
                    break;
            }
        }
    }

    private static void ShapeList(ReadOnlySpan<byte> json, ref Utf8JsonReader reader, Type? itemType, string? mergeKey,
        ArrayBufferWriter<byte> shape, int depth)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (mergeKey is null)
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                Write(shape, ValueMark);
                Write(shape, json[start..(int)reader.BytesConsumed]);
                continue;
            }
            if (reader.TokenType != JsonTokenType.StartObject || !TryKeyRange(json, reader, mergeKey, out var key))
            {
                reader.Skip();
                continue;
            }
            Write(shape, KeyMark);
            Write(shape, json[key]);
            Write(shape, OpenMark);
            ShapeObject(json, ref reader, itemType, shape, depth, inMetadata: false, resetStatus: false);
            Write(shape, CloseMark);
        }
    }

    /// <summary>Where the merge key's value lies in the item the reader stands on (read from a copy of the reader).</summary>
    private static bool TryKeyRange(ReadOnlySpan<byte> json, Utf8JsonReader item, string mergeKey, out Range range)
    {
        while (item.Read() && item.TokenType == JsonTokenType.PropertyName)
        {
            var found = item.ValueTextEquals(mergeKey);
            item.Read();
            var start = (int)item.TokenStartIndex;
            item.Skip();
            if (found)
            {
                range = start..(int)item.BytesConsumed;
                return true;
            }
        }
        range = default;
        return false;
    }

    private static ReadOnlySpan<char> Name(ref Utf8JsonReader reader, char[] buffer)
    {
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length <= buffer.Length && !reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            // Member names the schema knows are ASCII; anything else is copied (unescaped) below.
            var span = reader.ValueSpan;
            var ascii = true;
            for (var i = 0; i < span.Length && ascii; i++)
            {
                ascii = span[i] < 0x80;
                buffer[i] = (char)span[i];
            }
            if (ascii)
            {
                return buffer.AsSpan(0, span.Length);
            }
        }
        return reader.GetString().AsSpan();
    }

    /// <summary>Reads the object the reader stands on (StartObject) to its EndObject; adds its fields beneath <paramref name="node"/>.</summary>
    private static void CollectObject(ref Utf8JsonReader reader, Type? type, Node node, int depth, bool inMetadata, bool resetStatus = false)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null || IsStripped(key, depth, inMetadata) || (resetStatus && depth == 0 && key == "status"))
            {
                reader.Skip();
                continue;
            }
            CollectValue(ref reader, FieldSchema.Of(type, key), node, "f:" + key, depth + 1, depth == 0 && key == "metadata");
        }
    }

    private static void CollectValue(ref Utf8JsonReader reader, FieldSchema schema, Node parent, string element, int depth, bool inMetadata)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var before = reader;
                reader.Read();
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    parent.Child(element).Member = true;
                    return;
                }
                reader = before;
                var child = new Node();
                CollectObject(ref reader, schema.Type, child, depth, inMetadata);
                // An object whose members are all null or stripped adds no path, as on the tree.
                if (!child.IsEmpty)
                {
                    parent.Adopt(element, child);
                }
                return;
            case JsonTokenType.StartArray when schema.Merges:
                CollectMergedList(ref reader, ModelSchema.Element(schema.Type), schema.MergeKey, parent, element, depth);
                return;
            default:
                reader.Skip();
                parent.Child(element).Member = true;
                return;
        }
    }

    private static void CollectMergedList(ref Utf8JsonReader reader, Type? itemType, string? mergeKey, Node parent, string element, int depth)
    {
        Node? list = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (mergeKey is null)
            {
                var item = JsonNode.Parse(ref reader);
                (list ??= parent.Child(element)).Child("v:" + (item?.ToJsonString() ?? "null")).Member = true;
                continue;
            }
            if (reader.TokenType != JsonTokenType.StartObject || !TryKeyValue(reader, mergeKey, out var key))
            {
                reader.Skip();
                continue;
            }
            var itemNode = (list ??= parent.Child(element)).Child("k:" + new JsonObject { [mergeKey] = key }.ToJsonString());
            itemNode.Member = true;
            CollectObject(ref reader, itemType, itemNode, depth + 1, inMetadata: false);
        }
    }

    /// <summary>The merge key's value in the list item the reader stands on, read from a copy of the reader.</summary>
    private static bool TryKeyValue(Utf8JsonReader item, string mergeKey, out JsonNode? value)
    {
        while (item.Read() && item.TokenType == JsonTokenType.PropertyName)
        {
            var found = item.ValueTextEquals(mergeKey);
            item.Read();
            if (found)
            {
                value = JsonNode.Parse(ref item);
                return true;
            }
            item.Skip();
        }
        value = null;
        return false;
    }

    // Upstream's stripMetaManager, as ObjectPaths strips them from the tree's set.
    private static bool IsStripped(ReadOnlySpan<char> key, int depth, bool inMetadata) =>
        (depth == 0 && key is "apiVersion" or "kind")
        || (inMetadata && key is "name" or "namespace" or "creationTimestamp" or "selfLink" or "uid" or "clusterName" or "generation"
            or "managedFields" or "resourceVersion");

    private static void Write(ArrayBufferWriter<byte> shape, byte mark) => shape.Write([mark]);

    private static void Write(ArrayBufferWriter<byte> shape, ReadOnlySpan<byte> bytes)
    {
        // The length first, so that no two different sequences of members write the same bytes.
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        shape.Write(length);
        shape.Write(bytes);
    }

    private sealed class Node
    {
        private SortedList<string, Node>? children;

        public bool Member { get; set; }

        public bool IsEmpty => !Member && (children is null || children.Count == 0);

        public Node Child(string element)
        {
            children ??= new SortedList<string, Node>(StringComparer.Ordinal);
            if (!children.TryGetValue(element, out var child))
            {
                child = new Node();
                children.Add(element, child);
            }
            return child;
        }

        public void Adopt(string element, Node child)
        {
            children ??= new SortedList<string, Node>(StringComparer.Ordinal);
            children[element] = child;
        }

        /// <summary>FieldSet.ToFieldsV1's encoding: a member that also has children carries a "." key.</summary>
        public void Write(Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            if (Member && children is { Count: > 0 })
            {
                writer.WriteStartObject(".");
                writer.WriteEndObject();
            }
            if (children is not null)
            {
                foreach (var (element, child) in children)
                {
                    writer.WritePropertyName(element);
                    child.Write(writer);
                }
            }
            writer.WriteEndObject();
        }
    }

    private sealed class ShapeComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly ShapeComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] shape) => GetHashCode((ReadOnlySpan<byte>)shape);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = new HashCode();
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
