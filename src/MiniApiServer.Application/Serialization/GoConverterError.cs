using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Patching;

namespace MiniApiServer.Application.Serialization;

/// <summary>
/// What apimachinery's unstructured converter (runtime/converter.go fromUnstructured) says of a value that does not fit
/// its field, for a strategic merge patch, which upstream decodes from the patched map instead of from JSON:
/// <c>unrecognized type: int32</c> for a string given to an integer, <c>cannot convert int64 to string</c> for a number
/// given to a string, <c>cannot restore struct from: string</c>. The map holds what k8s.io/apimachinery's json.Unmarshal
/// made of the JSON: int64 for a whole number that fits, else float64; map and slice for objects and arrays.
/// </summary>
internal static class GoConverterError
{
    /// <summary>The converter's error for the decode failure <paramref name="ex"/> in <paramref name="body"/>; null when upstream would differ in more than words.</summary>
    public static string? Of(JsonObject body, Type root, Exception ex)
    {
        if (GoDecodeError.PathOf(ex) is not { } path)
        {
            return null;
        }
        var (node, type, _, _) = GoDecodeError.Locate(body, root, path);
        if (type is null || node is null)
        {
            return null;
        }
        type = Nullable.GetUnderlyingType(type) ?? type;
        var source = SourceKind(node);
        // Types with their own UnmarshalJSON get the JSON of the value and answer for themselves (value.TypeReflectEntryOf).
        if (type == typeof(ResourceQuantity))
        {
            return BoundedQuantityConverter.ErrorOf(ex);
        }
        if (type == typeof(IntOrString))
        {
            // A whole float marshals back to an integer ("1.0" to 1), which UnmarshalJSON takes: the decoder's 400 stands.
            return source == "string" || (source == "float64" && IsWhole(node)) ? null : $"json: cannot unmarshal {GoDecodeError.ValueText(node, "int32")} into Go value of type int32";
        }
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return source == "string"
                ? GoDecodeError.TimeParseError(node.GetValue<string>())
                : $"json: cannot unmarshal {GoDecodeError.ValueText(node, "string")} into Go value of type string";
        }
        if (type == typeof(byte[]))
        {
            return source == "string" ? $"illegal base64 data at input byte {GoDecodeError.Base64ErrorOffset(node.GetValue<string>())}" : $"cannot restore slice from {source}";
        }
        if (ModelSchema.IsMap(type))
        {
            return source == "map" ? null : $"cannot restore map from {source}";
        }
        if (ModelSchema.Element(type) is not null)
        {
            return source == "slice" ? null : $"cannot restore slice from {source}";
        }
        return GoDecodeError.GoName(type) switch
        {
            "string" => source switch
            {
                "string" => null,
                "int64" => "cannot convert int64 to string",
                _ => "unrecognized type: string",
            },
            "bool" => source == "bool" ? null : "unrecognized type: bool",
            var integer and ("int32" or "int64") => source switch
            {
                // Convert truncates a whole float64 and wraps an int64 silently: upstream takes those, this decoder did not.
                "int64" => null,
                "float64" => IsWhole(node) ? null : $"cannot convert float64 to {integer}",
                _ => $"unrecognized type: {integer}",
            },
            "float64" => source is "int64" or "float64" ? null : "unrecognized type: float64",
            _ when ModelSchema.HasFields(type) => source == "map" ? null : $"cannot restore struct from: {source}",
            _ => null,
        };
    }

    /// <summary>reflect.Kind's name of the value k8s.io/apimachinery's json.Unmarshal puts in an interface{}.</summary>
    internal static string SourceKind(JsonNode node) => node switch
    {
        JsonObject => "map",
        JsonArray => "slice",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "bool",
            JsonValueKind.Number => long.TryParse(v.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? "int64" : "float64",
            _ => "invalid",
        },
        _ => "invalid",
    };

    private static bool IsWhole(JsonNode node) =>
        double.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Truncate(d);
}
