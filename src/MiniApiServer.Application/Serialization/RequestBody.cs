using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Serialization;

/// <summary>Decodes request bodies: JSON, or YAML for application/yaml and apply patches.</summary>
public static class RequestBody
{
    // Duplicate keys would otherwise surface later as an ArgumentException (a 500) when the node is read.
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 512, AllowDuplicateProperties = false };
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public static JsonNode? Parse(ReadOnlyMemory<byte> body, bool yaml)
    {
        if (body.Length == 0)
        {
            throw ApiErrors.BadRequest("the request body is empty");
        }
        if (!yaml && TryParseJsonUtf8(body.Span, out var node))
        {
            return node;
        }
        string text;
        try
        {
            text = StrictUtf8.GetString(body.Span);
        }
        catch (DecoderFallbackException)
        {
            throw ApiErrors.BadRequest("the request body is not valid UTF-8");
        }
        var trimmed = text.AsSpan().TrimStart();
        var looksJson = trimmed.Length > 0 && (trimmed[0] == '{' || trimmed[0] == '[');
        if (!yaml || looksJson)
        {
            try
            {
                return JsonNode.Parse(text, documentOptions: DocumentOptions);
            }
            catch (JsonException ex) when (!yaml)
            {
                throw ApiErrors.BadRequest($"couldn't decode the request body as JSON: {ex.Message}");
            }
            catch (JsonException)
            {
                // YAML flow syntax that is not JSON: fall through to the YAML parser.
            }
        }
        try
        {
            return YamlToJson.Convert(text);
        }
        catch (Exception ex) when (ex is FormatException or YamlDotNet.Core.YamlException or InvalidOperationException)
        {
            throw ApiErrors.BadRequest($"couldn't decode the request body as YAML: {ex.Message}");
        }
    }

    /// <summary>
    /// The common case, a JSON body, parsed from its UTF-8 bytes without first decoding it to a string. A body that
    /// starts with a byte order mark takes the string path, which rejects it as before.
    /// </summary>
    private static bool TryParseJsonUtf8(ReadOnlySpan<byte> body, out JsonNode? node)
    {
        node = null;
        if (body.StartsWith(Encoding.UTF8.Preamble))
        {
            return false;
        }
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            throw ApiErrors.BadRequest("the request body is not valid UTF-8");
        }
        try
        {
            node = JsonNode.Parse(body, documentOptions: DocumentOptions);
            return true;
        }
        catch (JsonException ex)
        {
            throw ApiErrors.BadRequest($"couldn't decode the request body as JSON: {ex.Message}");
        }
    }

    /// <summary>metadata.name of a JSON body not parsed into a tree (for the audit record), or null.</summary>
    public static string? MetadataName(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("metadata", out var meta)
                && meta.ValueKind == JsonValueKind.Object && meta.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                ? name.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static JsonObject ParseObject(ReadOnlyMemory<byte> body, bool yaml) =>
        Parse(body, yaml) as JsonObject ?? throw ApiErrors.BadRequest("the request body must be a JSON object");
}
