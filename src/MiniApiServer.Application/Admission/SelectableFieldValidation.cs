using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// A CRD version's selectableFields (apiextensions validation.go ValidateCustomResourceSelectableFields): each jsonPath
/// resolves through the schema's properties (cel.ValidFieldPath without array notation) to a string, boolean or
/// integer field outside metadata, no two alike, at most 8.
/// </summary>
internal static class SelectableFieldValidation
{
    private const int MaxSelectableFields = 8;

    public static void Validate(JsonArray? fields, JsonObject? schema, string path, FieldErrors errors)
    {
        if (fields is null)
        {
            return;
        }
        var unique = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            var at = $"{path}[{i}].jsonPath";
            var jsonPath = fields[i] is JsonObject field ? ObjectMeta.Str(field, "jsonPath") ?? "" : "";
            if (jsonPath.Length == 0)
            {
                errors.Required(at);
                continue;
            }
            if (Resolve(jsonPath, schema, out var resolved, out var leaf) is { } error)
            {
                errors.Invalid(at, jsonPath, $"is an invalid path: {error}");
                continue;
            }
            if (resolved.StartsWith("metadata.", StringComparison.Ordinal) || resolved == "metadata")
            {
                errors.Invalid(at, jsonPath, "must not point to fields in metadata");
            }
            if (leaf is null || ObjectMeta.Str(leaf, "type") is not ("string" or "boolean" or "integer"))
            {
                errors.Invalid(at, jsonPath, "must point to a field of type string, boolean or integer. Enum string fields and strings with formats are allowed.");
            }
            if (!unique.Add(resolved))
            {
                errors.Duplicate(at, jsonPath);
            }
        }
        if (unique.Count > MaxSelectableFields)
        {
            errors.TooMany(path, unique.Count, MaxSelectableFields);
        }
    }

    /// <summary>The path's fields through properties (or a map's additionalProperties), or ValidFieldPath's error.</summary>
    private static string? Resolve(string jsonPath, JsonObject? schema, out string resolved, out JsonObject? leaf)
    {
        resolved = "";
        leaf = schema;
        if (jsonPath.Contains('[', StringComparison.Ordinal))
        {
            return "array notation is not allowed";
        }
        if (jsonPath[0] != '.')
        {
            return $"expected [ or . but got: {jsonPath.Split('.')[0]}";
        }
        var segments = jsonPath[1..].Split('.');
        if (segments.Any(s => s.Length == 0))
        {
            return "unexpected end of JSON path";
        }
        foreach (var segment in segments)
        {
            if (leaf?["properties"] is JsonObject properties)
            {
                leaf = properties[segment] as JsonObject;
                if (leaf is null)
                {
                    return "does not refer to a valid field";
                }
            }
            else if (leaf?["additionalProperties"] is JsonObject additional)
            {
                leaf = additional;
            }
            else
            {
                return "does not refer to a valid field";
            }
        }
        resolved = string.Join('.', segments);
        return null;
    }
}
