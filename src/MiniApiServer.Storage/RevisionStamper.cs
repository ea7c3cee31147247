using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Storage;

/// <summary>Puts the database-assigned revision into metadata.resourceVersion of the bytes to store.</summary>
public sealed class RevisionStamper : IRevisionStamper
{
    public static readonly RevisionStamper Instance = new();

    // Relaxed escaping keeps stored JSON byte-identical to what Go's encoder would send for the same text.
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public byte[] Stamp(WriteCommand command, long revision) =>
        command.Encoded is { } encoded
            ? Splice(encoded, command.MetadataEnd, revision)
            : Stamp(command.Object ?? throw new ArgumentException("object required"), revision);

    public byte[] StampDeleted(byte[] lastState, long revision) => Stamp(JsonNode.Parse(lastState)!.AsObject(), revision);

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
        var field = Field(encoded, metadataEnd, revision);
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
        var field = Field(encoded, at, revision);
        var json = new byte[encoded.Length + field.Length];
        encoded.AsSpan(0, at).CopyTo(json);
        field.CopyTo(json.AsSpan(at));
        encoded.AsSpan(at).CopyTo(json.AsSpan(at + field.Length));
        return json;
    }

    public static int StampedLength(byte[] encoded, int at, long revision) =>
        HasMetadataEnd(encoded, at) ? encoded.Length + Field(encoded, at, revision).Length : -1;

    private static bool HasMetadataEnd(byte[] encoded, int at) => at > 0 && at < encoded.Length && encoded[at] == (byte)'}';

    private static byte[] Field(byte[] encoded, int at, long revision) => System.Text.Encoding.ASCII.GetBytes(
        (encoded[at - 1] == (byte)'{' ? "\"resourceVersion\":\"" : ",\"resourceVersion\":\"")
        + revision.ToString(CultureInfo.InvariantCulture) + "\"");
}
