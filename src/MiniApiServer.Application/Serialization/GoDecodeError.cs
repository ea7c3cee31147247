using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s.Models;
using MiniApiServer.Application.Patching;

namespace MiniApiServer.Application.Serialization;

/// <summary>
/// kube-apiserver's 400 for a body that does not fit its type, as the serializer words it
/// (<c>Deployment in version "v1" cannot be handled as a Deployment: ...</c>, apimachinery runtime/serializer
/// codec), with encoding/json's UnmarshalTypeError after it: <c>json: cannot unmarshal string into Go struct field
/// DeploymentSpec.spec.replicas of type int32</c>. Go names the innermost struct and the JSON field names from the root
/// (no list indexes or map keys), and a number that does not fit an integer by its text.
/// </summary>
internal static partial class GoDecodeError
{
    [GeneratedRegex("^(?:[A-Z][a-z]+)?([Vv][0-9]+(?:alpha[0-9]+|beta[0-9]+)?)([A-Z].*)$")]
    private static partial Regex VersionedModelName();

    /// <summary>What the create and update handlers' transformDecodeError puts before the serializer's error.</summary>
    public static string Prefix(Type root)
    {
        var entity = root.GetCustomAttribute<KubernetesEntityAttribute>();
        var kind = entity?.Kind ?? root.Name;
        return $"{kind} in version \"{entity?.ApiVersion ?? "v1"}\" cannot be handled as a {kind}: ";
    }

    /// <summary>The serializer's error alone, as runtime.DecodeInto returns it (what a patch's 422 carries).</summary>
    public static string SerializerError(JsonObject body, Type root, Exception ex)
    {
        var path = PathOf(ex);
        if (path is null && UnparsedTime().Match(ex.GetBaseException().Message) is { Success: true } time && TimeParseError(time.Groups[1].Value) is { } timeError)
        {
            return timeError;
        }
        return path is null ? ex.Message : Detail(body, root, path, ex) ?? ex.Message;
    }

    // The client library's time converter throws without a path.
    [GeneratedRegex("^Unable to parse (.*) as RFC3339")]
    private static partial Regex UnparsedTime();

    /// <summary>
    /// time.Parse's error for RFC 3339, worded exactly only when the year is not four digits (where Go stops first);
    /// null otherwise, so the decoder's own text stands.
    /// </summary>
    internal static string? TimeParseError(string text) =>
        text.Length >= 4 && text[..4].All(char.IsAsciiDigit)
            ? null
            : $"parsing time \"{text}\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"{text}\" as \"2006\"";

    // A converter's NotSupportedException names the path only in its message.
    [GeneratedRegex(@"Path: (\$[^ ]*) \|")]
    private static partial Regex PathInMessage();

    /// <summary>Where a decode failed: the value there, its model type, and Go's struct and field names on the way.</summary>
    internal readonly record struct Location(JsonNode? Node, Type? Type, string StructName, IReadOnlyList<string> Fields);

    /// <summary>The decode failure's path (from the exception), or null when the exception names none.</summary>
    internal static string? PathOf(Exception ex) =>
        ex is JsonException { Path: { } jsonPath } ? jsonPath : PathInMessage().Match(ex.Message) is { Success: true } m ? m.Groups[1].Value : null;

    internal static Location Locate(JsonObject body, Type root, string path)
    {
        JsonNode? node = body;
        Type? type = root;
        var structName = StructName(root);
        var fields = new List<string>();
        foreach (var segment in Segments(path))
        {
            if (segment.Index is { } index)
            {
                node = node is JsonArray array && index < array.Count ? array[index] : null;
                type = ModelSchema.Element(type);
            }
            else if (type is not null && ModelSchema.IsMap(type))
            {
                node = (node as JsonObject)?[segment.Name!];
                type = ModelSchema.Child(type, segment.Name!);
            }
            else
            {
                structName = type is null ? structName : StructName(type);
                fields.Add(segment.Name!);
                node = (node as JsonObject)?[segment.Name!];
                type = type is null ? null : ModelSchema.Property(type, segment.Name!);
            }
        }
        return new Location(node, type, structName, fields);
    }

    private static string? Detail(JsonObject body, Type root, string path, Exception ex)
    {
        var (node, type, structName, fields) = Locate(body, root, path);
        if (type is null)
        {
            return null;
        }
        // Quantity's own UnmarshalJSON says what a quantity looks like, as the converter here does.
        if (type == typeof(ResourceQuantity))
        {
            return BoundedQuantityConverter.ErrorOf(ex);
        }
        if (type == typeof(byte[]) && node is JsonValue text && text.TryGetValue<string>(out var base64))
        {
            return $"illegal base64 data at input byte {Base64ErrorOffset(base64)}";
        }
        // metav1.Time's UnmarshalJSON decodes a string and parses it as RFC 3339.
        var isTime = type == typeof(DateTime) || type == typeof(DateTimeOffset);
        if (isTime && node is JsonValue time && time.TryGetValue<string>(out var timeText))
        {
            return TimeParseError(timeText);
        }
        // IntOrString's UnmarshalJSON decodes anything but a string as an int32; Time's reads a string first.
        var goType = type == typeof(IntOrString) ? "int32" : isTime ? "string" : GoName(type);
        var value = ValueText(node, goType);
        return fields.Count == 0
            ? $"json: cannot unmarshal {value} into Go value of type {goType}"
            : $"json: cannot unmarshal {value} into Go struct field {structName}.{string.Join('.', fields)} of type {goType}";
    }

    internal static string ValueText(JsonNode? node, string goType) => node switch
    {
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => "string",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => goType.StartsWith("int", StringComparison.Ordinal) || goType.StartsWith("uint", StringComparison.Ordinal)
            ? $"number {v.ToJsonString()}"
            : "number",
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "null",
    };

    /// <summary>Go's name of a model type as reflect's Type.String() prints it: []v1.Container, map[string]string, int32.</summary>
    internal static string GoName(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return "string";
        }
        if (type == typeof(bool))
        {
            return "bool";
        }
        if (type == typeof(int))
        {
            return "int32";
        }
        if (type == typeof(long))
        {
            return "int64";
        }
        if (type == typeof(double))
        {
            return "float64";
        }
        if (ModelSchema.IsMap(type))
        {
            return "map[string]" + GoName(ModelSchema.Child(type, "")!);
        }
        if (ModelSchema.Element(type) is { } element)
        {
            return "[]" + GoName(element);
        }
        return VersionedModelName().Match(type.Name) is { Success: true } m ? $"{m.Groups[1].Value.ToLowerInvariant()}.{m.Groups[2].Value}" : type.Name;
    }

    /// <summary>reflect's Type.Name() of a struct, without its package: DeploymentSpec.</summary>
    private static string StructName(Type type) => GoName(type) is var name && name.LastIndexOf('.') is var dot and >= 0 ? name[(dot + 1)..] : GoName(type);

    private readonly record struct Segment(string? Name, int? Index);

    /// <summary>System.Text.Json's path: $.a.b[0]['c.d'].</summary>
    private static IEnumerable<Segment> Segments(string path)
    {
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                yield return new Segment(path[(i + 1)..end], null);
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['"))
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                end = end < 0 ? path.Length : end;
                yield return new Segment(path[(i + 2)..end], null);
                i = Math.Min(path.Length, end + 2);
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                end = end < 0 ? path.Length : end;
                yield return new Segment(null, int.TryParse(path.AsSpan(i + 1, end - i - 1), out var index) ? index : 0);
                i = Math.Min(path.Length, end + 1);
            }
            else
            {
                yield break;
            }
        }
    }

    // encoding/base64's CorruptInputError: the first character outside the standard alphabet, or else the start of the
    // unpadded last quantum ("abc" is byte 0, "abcdab" byte 4). Misplaced padding is placed only roughly.
    internal static int Base64ErrorOffset(string s)
    {
        var at = s.AsSpan().IndexOfAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n");
        return at >= 0 ? at : s.Length - s.Length % 4;
    }
}
