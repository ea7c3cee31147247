using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Serialization;

/// <summary>Decodes request bodies: JSON, or YAML for application/yaml and apply patches.</summary>
public static class RequestBody
{
    // The common parse refuses repeated keys, which would otherwise surface later as an ArgumentException (a 500) when
    // the node is read; a body that has them is parsed again by DuplicateFieldDecoder.
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 512, AllowDuplicateProperties = false };
    private static readonly JsonDocumentOptions RepeatedKeysOptions = new() { MaxDepth = 512 };
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    public static JsonNode? Parse(ReadOnlyMemory<byte> body, bool yaml) => Parse(body, yaml, null, out _);

    /// <param name="modelType">
    /// The model a JSON body decodes into, whose structs merge a repeated field's values as Go's decoder does; null for
    /// untyped JSON (a patch), where the last value wins.
    /// </param>
    /// <param name="duplicates">The keys the body repeats in one object, or null when it repeats none.</param>
    public static JsonNode? Parse(ReadOnlyMemory<byte> body, bool yaml, Type? modelType, out BodyDuplicates? duplicates)
    {
        duplicates = null;
        if (body.Length == 0)
        {
            throw ApiErrors.BadRequest("the request body is empty");
        }
        if (!yaml || body.Span.TrimStart(" \t\r\n"u8) is [(byte)'{' or (byte)'[', ..])
        {
            body = JsonSurrogates.Replace(body);
        }
        if (!yaml && TryParseJsonUtf8(body, modelType, out var node, out duplicates))
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
                return ParseRepeatedKeys(() => JsonDocument.Parse(text, RepeatedKeysOptions), modelType, ex, out duplicates);
            }
            catch (JsonException)
            {
                // YAML flow syntax that is not JSON, or JSON that repeats a key: the YAML parser takes it, as
                // sigs.k8s.io/yaml does every body of a YAML media type.
            }
        }
        JsonNode? converted;
        IReadOnlyList<string> repeated;
        try
        {
            converted = YamlToJson.Convert(text, out repeated);
        }
        catch (Exception ex) when (ex is FormatException or YamlDotNet.Core.YamlException or InvalidOperationException)
        {
            throw ApiErrors.BadRequest($"couldn't decode the request body as YAML: {ex.Message}");
        }
        duplicates = repeated.Count > 0 ? new BodyDuplicates(repeated) : null;
        return converted;
    }

    /// <summary>
    /// The common case, a JSON body, parsed from its UTF-8 bytes without first decoding it to a string. A body that
    /// starts with a byte order mark takes the string path, which rejects it as before.
    /// </summary>
    private static bool TryParseJsonUtf8(ReadOnlyMemory<byte> body, Type? modelType, out JsonNode? node, out BodyDuplicates? duplicates)
    {
        node = null;
        duplicates = null;
        if (body.Span.StartsWith(Encoding.UTF8.Preamble))
        {
            return false;
        }
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            throw ApiErrors.BadRequest("the request body is not valid UTF-8");
        }
        try
        {
            node = JsonNode.Parse(body.Span, documentOptions: DocumentOptions);
        }
        catch (JsonException ex)
        {
            node = ParseRepeatedKeys(() => JsonDocument.Parse(body, RepeatedKeysOptions), modelType, ex, out duplicates);
        }
        return true;
    }

    /// <summary>A body the common parse refused: one that repeats a key, or else that parse's 400.</summary>
    private static JsonNode? ParseRepeatedKeys(Func<JsonDocument> parse, Type? modelType, JsonException refusal, out BodyDuplicates? duplicates)
    {
        JsonDocument document;
        try
        {
            document = parse();
        }
        catch (JsonException)
        {
            throw ApiErrors.BadRequest($"couldn't decode the request body as JSON: {refusal.Message}");
        }
        // The tree's values refer to the document, which therefore stays undisposed, as JsonNode.Parse leaves its own.
        var node = DuplicateFieldDecoder.Build(document.RootElement, modelType, out var found);
        duplicates = found;
        return node;
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

    public static JsonObject ParseObject(ReadOnlyMemory<byte> body, bool yaml) => ParseObject(body, yaml, null, out _);

    /// <inheritdoc cref="Parse(ReadOnlyMemory{byte}, bool, Type?, out BodyDuplicates?)"/>
    public static JsonObject ParseObject(ReadOnlyMemory<byte> body, bool yaml, Type? modelType, out BodyDuplicates? duplicates) =>
        Parse(body, yaml, modelType, out duplicates) as JsonObject ?? throw ApiErrors.BadRequest("the request body must be a JSON object");
}
