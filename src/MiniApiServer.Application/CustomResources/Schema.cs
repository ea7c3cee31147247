using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.CustomResources;

/// <summary>Reads of a JSONSchemaProps node as stored in a CRD (the typed model would drop nothing, but JSON is what is walked).</summary>
internal static class Schema
{
    public static bool Flag(JsonObject schema, string name) =>
        schema[name] is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    public static string? Str(JsonObject schema, string name) =>
        schema[name] is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;

    public static double? Number(JsonObject schema, string name) =>
        schema[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? value.GetValue<double>() : null;

    public static long? Integer(JsonObject schema, string name) =>
        schema[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var n) ? n : null;

    /// <summary>The JSON type name kube-openapi's type validator reports for a value.</summary>
    public static string TypeOf(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        _ => value.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => IsInteger(value) ? "integer" : "number",
            _ => "null",
        },
    };

    public static bool IsInteger(JsonNode value) =>
        value.AsValue().TryGetValue<long>(out _) || (value.AsValue().TryGetValue<double>(out var d) && Math.Floor(d) == d && !double.IsInfinity(d));
}
