using System.Text.Json;
using System.Text.Json.Serialization;

namespace MiniApiServer.Application.Serialization;

/// <summary>
/// managedFields[].fieldsV1 of a stored object's decode: a <see cref="RawFieldsV1"/> of the set's bytes. A version's
/// shared model (which lives as long as the version) holds a slice of the stored bytes themselves; any other decode a
/// copy of the set alone, since its model may become the next version's and must not keep this version's bytes alive.
/// The decode names its input with <see cref="Reading"/>; the reader's offsets are offsets into it, since the serializer
/// reads a byte array with one reader from its start (only <see cref="ModelCodec.DecodeStored"/> uses these options).
/// Without that input (or for anything but an object) the value is a JsonElement, as the serializer's own converter
/// for object makes it.
/// </summary>
internal sealed class StoredFieldsV1Converter : JsonConverter<object>
{
    [ThreadStatic]
    private static byte[]? t_source;

    [ThreadStatic]
    private static bool t_slice;

    public static readonly StoredFieldsV1Converter Instance = new();

    /// <summary>Sets this thread's decode input until the returned scope ends; <paramref name="slice"/>: no copy.</summary>
    public static Scope Reading(byte[] json, bool slice)
    {
        var scope = new Scope(t_source, t_slice);
        t_source = json;
        t_slice = slice;
        return scope;
    }

    public override object? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var source = t_source;
        if (source is null || reader.TokenType != JsonTokenType.StartObject || reader.HasValueSequence)
        {
            return JsonElement.ParseValue(ref reader);
        }
        var start = checked((int)reader.TokenStartIndex);
        var copy = reader;
        reader.Skip();
        var end = checked((int)reader.BytesConsumed);
        // A reader that did not start at the input's first byte would name other bytes: then decode as before.
        if (end > source.Length || source[start] != (byte)'{' || source[end - 1] != (byte)'}')
        {
            return JsonElement.ParseValue(ref copy);
        }
        var set = source.AsMemory(start, end - start);
        return new RawFieldsV1(t_slice ? set : set.ToArray());
    }

    public override void Write(Utf8JsonWriter writer, object value, JsonSerializerOptions options)
    {
        if (value is RawFieldsV1 raw)
        {
            RawFieldsV1Converter.WriteValue(writer, raw);
            return;
        }
        JsonSerializer.Serialize(writer, value, value.GetType(), options);
    }

    public readonly struct Scope(byte[]? previous, bool previousSlice) : IDisposable
    {
        public void Dispose()
        {
            t_source = previous;
            t_slice = previousSlice;
        }
    }
}
