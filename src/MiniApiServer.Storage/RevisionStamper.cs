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

    /// <summary>Appends resourceVersion as the last metadata field, where the JSON path adds it too.</summary>
    private static byte[] Splice(byte[] encoded, int at, long revision)
    {
        if (at <= 0 || at >= encoded.Length || encoded[at] != (byte)'}')
        {
            throw new ArgumentException("encoded object has no metadata end at the given offset");
        }
        var field = (encoded[at - 1] == (byte)'{' ? "\"resourceVersion\":\"" : ",\"resourceVersion\":\"")
            + revision.ToString(CultureInfo.InvariantCulture) + "\"";
        var json = new byte[encoded.Length + field.Length];
        encoded.AsSpan(0, at).CopyTo(json);
        System.Text.Encoding.ASCII.GetBytes(field, json.AsSpan(at));
        encoded.AsSpan(at).CopyTo(json.AsSpan(at + field.Length));
        return json;
    }
}
