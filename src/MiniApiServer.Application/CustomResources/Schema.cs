using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.CustomResources;

/// <summary>Reads of a JSONSchemaProps node as stored in a CRD (the typed model would drop nothing, but JSON is what is walked).</summary>
internal static class Schema
{
    public static bool Flag(JsonObject schema, string name) =>
        schema[name] is JsonValue value && value.GetValueKind() == JsonValueKind.True;

    public static string? Str(JsonObject schema, string name) => Objects.ObjectMeta.Str(schema, name);

    public static double? Number(JsonObject schema, string name) =>
        schema[name] is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? ToDouble(value) : null;

    /// <summary>
    /// A number node as a double, whatever backs it: a parsed body's JsonElement, or the long or double a YAML body's
    /// reader stores (on which GetValue&lt;double&gt; throws).
    /// </summary>
    public static double ToDouble(JsonValue value) =>
        value.TryGetValue<double>(out var d) ? d
        : value.TryGetValue<long>(out var l) ? l
        : value.TryGetValue<int>(out var i) ? i
        : value.TryGetValue<ulong>(out var u) ? u
        : value.TryGetValue<decimal>(out var m) ? (double)m
        : double.NaN;

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
        value.AsValue().TryGetValue<long>(out _) || value.AsValue().TryGetValue<int>(out _)
        || (ToDouble(value.AsValue()) is var d && Math.Floor(d) == d && !double.IsInfinity(d));
}
