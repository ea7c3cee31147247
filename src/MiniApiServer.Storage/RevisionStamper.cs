using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Storage;

/// <summary>Puts the database-assigned revision into metadata.resourceVersion of the bytes to store.</summary>
public sealed class RevisionStamper : IRevisionStamper
{
    public static readonly RevisionStamper Instance = new();

    // ,"resourceVersion":"<up to 20 digits of a long>"
    private const int MaxFieldLength = 64;

    // Relaxed escaping keeps stored JSON byte-identical to what Go's encoder would send for the same text.
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public byte[] Stamp(WriteCommand command, long revision) =>
        command.Encoded is { } encoded
            ? command.RevisionDigits > 0
                ? Overwrite(encoded, command.MetadataEnd, command.RevisionDigits, revision)
                : Splice(encoded, command.MetadataEnd, revision)
            : Stamp(command.Object ?? throw new ArgumentException("object required"), revision);

    public byte[] StampDeleted(byte[] lastState, long revision) => Stamp(JsonNode.Parse(lastState)!.AsObject(), revision);

    /// <summary>The bytes the writer stores for <paramref name="obj"/> before it stamps the revision in.</summary>
    public static byte[] Serialize(JsonObject obj) => JsonSerializer.SerializeToUtf8Bytes(obj, JsonOptions);

    private static byte[] Stamp(JsonObject obj, long revision)
    {
        var metadata = obj["metadata"] as JsonObject ?? new JsonObject();
        obj["metadata"] = metadata;
        metadata["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture);
        return JsonSerializer.SerializeToUtf8Bytes(obj, JsonOptions);
    }

    /// <summary>
    /// True when <paramref name="stored"/> is exactly what <see cref="Stamp(WriteCommand, long)"/> makes of
    /// <paramref name="encoded"/> at <paramref name="revision"/>: how an update notices it would store the same bytes
    /// again (etcd3's GuaranteedUpdate compares the bytes it would write), without building them.
    /// </summary>
    public static bool IsStamped(byte[] stored, byte[] encoded, int metadataEnd, long revision)
    {
        if (!HasMetadataEnd(encoded, metadataEnd))
        {
            return false;
        }
        Span<byte> buffer = stackalloc byte[MaxFieldLength];
        var field = Field(buffer, encoded, metadataEnd, revision);
        var s = stored.AsSpan();
        return s.Length == encoded.Length + field.Length
            && s[..metadataEnd].SequenceEqual(encoded.AsSpan(0, metadataEnd))
            && s.Slice(metadataEnd, field.Length).SequenceEqual(field)
            && s[(metadataEnd + field.Length)..].SequenceEqual(encoded.AsSpan(metadataEnd));
    }

    /// <summary>Appends resourceVersion as the last metadata field, where the JSON path adds it too.</summary>
    public static byte[] Splice(byte[] encoded, int at, long revision)
    {
        if (!HasMetadataEnd(encoded, at))
        {
            throw new ArgumentException("encoded object has no metadata end at the given offset");
        }
        Span<byte> buffer = stackalloc byte[MaxFieldLength];
        var field = Field(buffer, encoded, at, revision);
        var json = new byte[encoded.Length + field.Length];
        encoded.AsSpan(0, at).CopyTo(json);
        field.CopyTo(json.AsSpan(at));
        encoded.AsSpan(at).CopyTo(json.AsSpan(at + field.Length));
        return json;
    }

    /// <summary>
    /// The field <see cref="Splice"/> appends, its value <paramref name="digits"/> zeros, written to
    /// <paramref name="destination"/> (which must hold <see cref="PlaceholderLength"/> bytes); <paramref name="firstField"/>
    /// when metadata has no field before it. The writer overwrites the zeros with the revision (<see cref="Overwrite"/>).
    /// </summary>
    public static void WritePlaceholder(Span<byte> destination, bool firstField, int digits)
    {
        var name = FieldName(firstField);
        name.CopyTo(destination);
        destination.Slice(name.Length, digits).Fill((byte)'0');
        destination[name.Length + digits] = (byte)'"';
    }

    public static int PlaceholderLength(bool firstField, int digits) => FieldName(firstField).Length + digits + 1;

    /// <summary>The digits of a revision, to size a placeholder for the revision a write expects to get.</summary>
    public static int Digits(long revision)
    {
        var digits = 1;
        for (var v = revision; v >= 10; v /= 10)
        {
            digits++;
        }
        return digits;
    }

    /// <summary>
    /// Writes <paramref name="revision"/> over the placeholder that ends just before <paramref name="metadataEnd"/>, in
    /// place when it has as many digits (the writer owns the bytes until they are published), else into a copy.
    /// </summary>
    public static byte[] Overwrite(byte[] stamped, int metadataEnd, int digits, long revision)
    {
        var quote = metadataEnd - 1;
        var start = quote - digits;
        if (!HasMetadataEnd(stamped, metadataEnd) || start <= 0 || stamped[quote] != (byte)'"'
            || !stamped.AsSpan(0, start).EndsWith(FieldName(firstField: true)))
        {
            throw new ArgumentException("encoded object has no resourceVersion placeholder before the given offset");
        }
        Span<byte> buffer = stackalloc byte[20];
        revision.TryFormat(buffer, out var written, provider: CultureInfo.InvariantCulture);
        if (written == digits)
        {
            buffer[..written].CopyTo(stamped.AsSpan(start));
            return stamped;
        }
        var json = new byte[stamped.Length - digits + written];
        stamped.AsSpan(0, start).CopyTo(json);
        buffer[..written].CopyTo(json.AsSpan(start));
        stamped.AsSpan(quote).CopyTo(json.AsSpan(start + written));
        return json;
    }

    public static int StampedLength(byte[] encoded, int at, long revision)
    {
        if (!HasMetadataEnd(encoded, at))
        {
            return -1;
        }
        Span<byte> buffer = stackalloc byte[MaxFieldLength];
        return encoded.Length + Field(buffer, encoded, at, revision).Length;
    }

    /// <summary>The field's name and the value's opening quote, after a comma unless it is metadata's first field.</summary>
    private static ReadOnlySpan<byte> FieldName(bool firstField) => firstField ? "\"resourceVersion\":\""u8 : ",\"resourceVersion\":\""u8;

    private static bool HasMetadataEnd(byte[] encoded, int at) => at > 0 && at < encoded.Length && encoded[at] == (byte)'}';

    private static ReadOnlySpan<byte> Field(Span<byte> buffer, byte[] encoded, int at, long revision)
    {
        var name = FieldName(firstField: encoded[at - 1] == (byte)'{');
        name.CopyTo(buffer);
        revision.TryFormat(buffer[name.Length..], out var digits, provider: CultureInfo.InvariantCulture);
        buffer[name.Length + digits] = (byte)'"';
        return buffer[..(name.Length + digits + 1)];
    }
}
