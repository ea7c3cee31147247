using System.Buffers;
using System.Text.Json;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Patching;

namespace MiniApiServer.Application.Serialization;

/// <summary>
/// The two shape checks a request body gets before it is decoded, run on its UTF-8 form with a reader: the
/// JsonNode walks they replace materialised every nested object and built a path string per node (about half of
/// a pod create's allocations).
/// </summary>
internal static class JsonShape
{
    private const int MaxDepth = 1024;

    [ThreadStatic]
    private static char[]? t_name;

    [ThreadStatic]
    private static int[]? t_keys;

    private const int MaxKeysCompared = 64;

    /// <summary>
    /// Go decodes a null list item into a zero struct that validation then names; the C# models keep a null
    /// that defaulting and validation would dereference, so it is refused here, up front.
    /// </summary>
    public static void RejectNullListItems(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        if (reader.Read())
        {
            RejectNullListItems(ref reader, json, new JsonPath());
        }
    }

    private static void RejectNullListItems(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, JsonPath path)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    path.PushName(ref reader);
                    reader.Read();
                    RejectNullListItems(ref reader, json, path);
                    path.Pop();
                }
                break;
            case JsonTokenType.StartArray:
                for (var i = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; i++)
                {
                    if (reader.TokenType == JsonTokenType.Null)
                    {
                        throw ApiErrors.BadRequest($"{path.Format(json)}[{i}]: null is not allowed as a list item");
                    }
                    path.PushIndex(i);
                    RejectNullListItems(ref reader, json, path);
                    path.Pop();
                }
                break;
        }
    }

    /// <summary>Paths present (non-null) in <paramref name="json"/> that <paramref name="type"/>'s schema does not define.</summary>
    public static List<string> UnknownFields(ReadOnlySpan<byte> json, Type type)
    {
        var unknown = new List<string>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        if (reader.Read())
        {
            WalkSchema(ref reader, json, type, new JsonPath(), unknown);
        }
        return unknown;
    }

    private static void WalkSchema(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, Type? type, JsonPath path, List<string> unknown)
    {
        if (type is null)
        {
            reader.Skip();
            return;
        }
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject when ModelSchema.IsMap(type):
                var valueType = ModelSchema.Child(type, "");
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    path.PushName(ref reader);
                    reader.Read();
                    WalkSchema(ref reader, json, valueType, path, unknown);
                    path.Pop();
                }
                break;
            case JsonTokenType.StartObject when ModelSchema.HasFields(type):
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var child = ModelSchema.Property(type, Name(ref reader));
                    path.PushName(ref reader);
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Null)
                    {
                        if (child is null)
                        {
                            unknown.Add(path.Format(json));
                            reader.Skip();
                        }
                        else
                        {
                            WalkSchema(ref reader, json, child, path, unknown);
                        }
                    }
                    path.Pop();
                }
                break;
            case JsonTokenType.StartArray:
                var element = ModelSchema.Element(type);
                for (var i = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; i++)
                {
                    path.PushIndex(i);
                    WalkSchema(ref reader, json, element, path, unknown);
                    path.Pop();
                }
                break;
            default:
                reader.Skip();
                break;
        }
    }

    /// <summary>
    /// The create fast path's half of <see cref="RejectNullListItems(ReadOnlySpan{byte})"/> and of the duplicate-key
    /// check, without the paths their messages need: true when any list holds a null item, when any object has a key
    /// twice, when a key is escaped (equal keys may be written differently), and for bodies nested deeper than 64
    /// levels. A body that answers true takes the JsonNode path, which names what it found. The decode itself refuses
    /// unknown fields. Duplicates are found here, in the pass that already reads every token, because the serializer's
    /// own check (AllowDuplicateProperties = false) allocates a BitArray for every object it decodes.
    /// </summary>
    public static bool NeedsJsonNodePath(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        // Bit d is set while the container opened at depth d is a list.
        var lists = 0UL;
        // The keys seen so far in each open object, as (offset, length) pairs in json; firstKey[d] is where the
        // object opened at depth d starts its run.
        Span<int> firstKey = stackalloc int[64];
        var keys = t_keys ??= new int[256];
        var top = 0;
        while (reader.Read())
        {
            var depth = reader.CurrentDepth;
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray or JsonTokenType.StartObject when depth >= 64:
                    return true;
                case JsonTokenType.StartArray:
                    lists |= 1UL << depth;
                    break;
                case JsonTokenType.StartObject:
                    lists &= ~(1UL << depth);
                    firstKey[depth] = top;
                    break;
                case JsonTokenType.EndObject:
                    top = firstKey[depth];
                    break;
                case JsonTokenType.PropertyName:
                    // An object with more keys than any model's goes to the JsonNode path, whose duplicate check is a
                    // hash set: comparing each key with every earlier one would be quadratic in a large map.
                    if (reader.ValueIsEscaped || reader.HasValueSequence || top - firstKey[depth - 1] >= 2 * MaxKeysCompared
                        || IsRepeated(json, reader.ValueSpan, keys, firstKey[depth - 1], top))
                    {
                        return true;
                    }
                    if (top + 2 > keys.Length)
                    {
                        Array.Resize(ref keys, keys.Length * 2);
                        t_keys = keys;
                    }
                    keys[top++] = (int)reader.TokenStartIndex + 1;
                    keys[top++] = reader.ValueSpan.Length;
                    break;
                case JsonTokenType.Null when depth > 0 && (lists & (1UL << (depth - 1))) != 0:
                    return true;
            }
        }
        return false;
    }

    private static bool IsRepeated(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name, int[] keys, int from, int to)
    {
        for (var i = from; i < to; i += 2)
        {
            if (keys[i + 1] == name.Length && json.Slice(keys[i], name.Length).SequenceEqual(name))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The property name under the reader, unescaped into a per-thread buffer (valid until the next call).</summary>
    private static ReadOnlySpan<char> Name(ref Utf8JsonReader reader)
    {
        // An unescaped name never has more chars than its raw UTF-8 bytes.
        var needed = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (t_name is null || t_name.Length < needed)
        {
            t_name = new char[Math.Max(needed, 128)];
        }
        return t_name.AsSpan(0, reader.CopyString(t_name));
    }

    /// <summary>A node's UTF-8 form in a per-thread buffer (valid until the next call on this thread).</summary>
    public static ReadOnlySpan<byte> Utf8(System.Text.Json.Nodes.JsonNode node, JsonSerializerOptions options) =>
        // The writer options JsonNode.Deserialize uses, so byte positions in decode errors stay as they were.
        ScratchJson<Utf8Scratch>.Write(
            new JsonWriterOptions { Encoder = options.Encoder, Indented = options.WriteIndented, SkipValidation = true },
            (node, options), static (writer, s) => s.node.WriteTo(writer, s.options));

    private sealed class Utf8Scratch;
}
