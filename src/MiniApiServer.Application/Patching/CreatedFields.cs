using System.Collections.Concurrent;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Patching;

/// <summary>
/// The FieldsV1 a create records for its manager (the set <see cref="ObjectPaths.Collect"/> gives: leaves, list-map
/// items by their merge key, set items by value, upstream's stripped metadata left out), found from the object's JSON
/// bytes without a tree for every create, so that a create that names a manager (every kubectl create does, and every
/// HTTP create is named by its User-Agent) keeps the typed path.
/// </summary>
/// <remarks>
/// Objects made from one template own the same fields, so the set is kept by the object's shape: its member names,
/// which members are empty objects, and its list-map keys and set values, in document order, with the type and
/// whether status is reset. A create whose shape was seen shares that set (read-only); only a new shape is parsed into
/// a tree and walked: the shape walk allocates nothing, where the tree walk allocates per field.
/// </remarks>
internal static class CreatedFields
{
    // At most ~1,024 x (8 KiB of shape + its set) kept: a client posting objects of ever new shapes (a ConfigMap's data
    // keys are part of its shape) costs a walk each, never memory; a shape larger than this is built and not kept.
    private const int MaxShapes = 1024;
    private const int MaxShapeBytes = 8 * 1024;
    private const byte MemberMark = 0, EmptyMark = 1, LeafMark = 2, OpenMark = 3, CloseMark = 4, KeyMark = 5, ValueMark = 6;

    private static readonly JsonSerializerOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly ConcurrentDictionary<byte[], OwnedFields?> Shapes = new(ByteSequenceComparer.Instance);
    private static readonly ConcurrentDictionary<byte[], OwnedFields?>.AlternateLookup<ReadOnlySpan<byte>> ShapeLookup =
        Shapes.GetAlternateLookup<ReadOnlySpan<byte>>();

    [ThreadStatic]
    private static ShapeBuffer? shapeBuffer;

    /// <summary>Null when the object sets no field a manager can own (upstream records no entry then).</summary>
    /// <param name="resetStatus">Leave status out: the main resource's strategy resets it (upstream's ResetFieldsStrategy).</param>
    public static OwnedFields? Of(ReadOnlySpan<byte> json, Type? type, bool resetStatus) => Of(json, type, resetStatus, out _);

    /// <inheritdoc cref="Of(ReadOnlySpan{byte}, Type?, bool)"/>
    /// <param name="managedFields">Where the object's own metadata.managedFields value lies in <paramref name="json"/> (empty when absent).</param>
    public static OwnedFields? Of(ReadOnlySpan<byte> json, Type? type, bool resetStatus, out Range managedFields)
    {
        var shape = shapeBuffer ??= new ShapeBuffer();
        try
        {
            return Of(json, type, resetStatus, shape, out managedFields);
        }
        finally
        {
            // A thread keeps its buffer for the next create, unless a large object grew it.
            shape.Reset();
            if (shape.Capacity > 64 * 1024)
            {
                shapeBuffer = null;
            }
        }
    }

    private static OwnedFields? Of(ReadOnlySpan<byte> json, Type? type, bool resetStatus, ShapeBuffer shape, out Range managedFields)
    {
        Span<byte> head = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(head, type?.TypeHandle.Value ?? 0);
        shape.Add(head);
        shape.Mark(resetStatus ? (byte)1 : (byte)0);
        managedFields = default;
        var reader = new Utf8JsonReader(json);
        if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            ShapeObject(json, ref reader, type, shape, depth: 0, inMetadata: false, resetStatus, ref managedFields, pod: type == typeof(k8s.Models.V1Pod));
        }
        if (ShapeLookup.TryGetValue(shape.Written, out var known))
        {
            return known;
        }
        var fields = Build(json, type, resetStatus);
        if (shape.Written.Length > MaxShapeBytes)
        {
            return fields;
        }
        if (Shapes.Count >= MaxShapes)
        {
            Shapes.Clear();
        }
        Shapes.TryAdd(shape.Written.ToArray(), fields);
        return fields;
    }

    /// <summary>
    /// The set built anew, on a shape not seen before: by the tree walk updates and applies use, so both paths own the
    /// same fields.
    /// </summary>
    private static OwnedFields? Build(ReadOnlySpan<byte> json, Type? type, bool resetStatus)
    {
        if (JsonNode.Parse(json) is not JsonObject obj)
        {
            return null;
        }
        var set = ObjectPaths.Collect(type == typeof(k8s.Models.V1Pod) ? TokenVolumeFields.Without(obj) : obj, type);
        var owned = new FieldSet(set.Paths.Where(p => !resetStatus || !ObjectPaths.IsUnder(p, "f:status")));
        if (owned.IsEmpty)
        {
            return null;
        }
        var raw = JsonSerializer.SerializeToUtf8Bytes(owned.ToFieldsV1(), WriterOptions);
        var reader = new Utf8JsonReader(raw);
        return new OwnedFields(JsonElement.ParseValue(ref reader), raw);
    }

    private static void ShapeObject(ReadOnlySpan<byte> json, ref Utf8JsonReader reader, Type? type, ShapeBuffer shape,
        int depth, bool inMetadata, bool resetStatus, ref Range managedFields, bool pod = false)
    {
        var members = FieldSchema.MembersOf(type);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            ReadOnlySpan<byte> field = reader.ValueIsEscaped ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null || IsStripped(field, depth, inMetadata) || (resetStatus && depth == 0 && field.SequenceEqual("status"u8)))
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                if (inMetadata && field.SequenceEqual("managedFields"u8))
                {
                    managedFields = start..(int)reader.BytesConsumed;
                }
                continue;
            }
            var memberAt = shape.Position;
            shape.Mark(MemberMark);
            shape.Add(field);
            // A leaf needs no schema: only objects and lists are looked up, for their type and merge rule.
            var schema = reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray ? FieldSchema.Find(members, field) : null;
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    var before = reader;
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.EndObject)
                    {
                        shape.Mark(EmptyMark);
                        break;
                    }
                    reader = before;
                    shape.Mark(OpenMark);
                    ShapeObject(json, ref reader, schema!.Type, shape, depth + 1, depth == 0 && field.SequenceEqual("metadata"u8), resetStatus: false, ref managedFields, pod);
                    shape.Mark(CloseMark);
                    break;
                case JsonTokenType.StartArray when schema!.Merges:
                    shape.Mark(OpenMark);
                    var (kept, left) = ShapeList(json, ref reader, ModelSchema.Element(schema.Type), schema.MergeKey, shape, depth + 1,
                        pod, pod && TokenVolumeFields.MayHold(field, type));
                    shape.Mark(CloseMark);
                    if (kept == 0 && left > 0)
                    {
                        // A list only the token volume's items made up was absent when upstream's field manager ran.
                        shape.Truncate(memberAt);
                    }
                    break;
                default:
                    reader.Skip();
                    shape.Mark(LeafMark);
                    break;
            }
        }
    }

    /// <returns>How many items the shape holds, and how many it left out as the token volume's (<see cref="TokenVolumeFields"/>).</returns>
    private static (int Kept, int Left) ShapeList(ReadOnlySpan<byte> json, ref Utf8JsonReader reader, Type? itemType, string? mergeKey, ShapeBuffer shape,
        int depth, bool pod, bool tokenItems)
    {
        var (kept, left) = (0, 0);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (mergeKey is null)
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                shape.Mark(ValueMark);
                shape.Add(json[start..(int)reader.BytesConsumed]);
                kept++;
                continue;
            }
            if (reader.TokenType != JsonTokenType.StartObject || !TryKeyRange(reader, mergeKey, out var key))
            {
                reader.Skip();
                continue;
            }
            if (tokenItems && TryKeyRange(reader, "name", out var name) && TokenVolumeFields.IsGeneratedName(json[name]))
            {
                reader.Skip();
                left++;
                continue;
            }
            shape.Mark(KeyMark);
            shape.Add(json[key]);
            shape.Mark(OpenMark);
            var none = default(Range);
            ShapeObject(json, ref reader, itemType, shape, depth, inMetadata: false, resetStatus: false, ref none, pod);
            shape.Mark(CloseMark);
            kept++;
        }
        return (kept, left);
    }

    /// <summary>Where the merge key's value lies in the item the reader stands on (read from a copy of the reader).</summary>
    private static bool TryKeyRange(Utf8JsonReader item, string mergeKey, out Range range)
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

    // Upstream's stripMetaManager, as ObjectPaths strips them from the tree's set.
    private static bool IsStripped(ReadOnlySpan<byte> key, int depth, bool inMetadata) =>
        (depth == 0 && (key.SequenceEqual("apiVersion"u8) || key.SequenceEqual("kind"u8)))
        || (inMetadata && (key.SequenceEqual("name"u8) || key.SequenceEqual("namespace"u8) || key.SequenceEqual("creationTimestamp"u8)
            || key.SequenceEqual("selfLink"u8) || key.SequenceEqual("uid"u8) || key.SequenceEqual("clusterName"u8)
            || key.SequenceEqual("generation"u8) || key.SequenceEqual("managedFields"u8) || key.SequenceEqual("resourceVersion"u8)));

    /// <summary>The shape as it is written: marks, and values each after its length, so that no two shapes write the same bytes.</summary>
    private sealed class ShapeBuffer
    {
        private byte[] bytes = new byte[4096];
        private int length;

        public ReadOnlySpan<byte> Written => bytes.AsSpan(0, length);

        public int Capacity => bytes.Length;

        public int Position => length;

        public void Reset() => length = 0;

        public void Truncate(int position) => length = position;

        public void Mark(byte mark)
        {
            Ensure(1);
            bytes[length++] = mark;
        }

        public void Add(ReadOnlySpan<byte> value)
        {
            Ensure(value.Length + 5);
            var n = (uint)value.Length;
            while (n >= 0x80)
            {
                bytes[length++] = (byte)(n | 0x80);
                n >>= 7;
            }
            bytes[length++] = (byte)n;
            value.CopyTo(bytes.AsSpan(length));
            length += value.Length;
        }

        private void Ensure(int more)
        {
            if (length + more > bytes.Length)
            {
                Array.Resize(ref bytes, Math.Max(bytes.Length * 2, length + more));
            }
        }
    }
}
