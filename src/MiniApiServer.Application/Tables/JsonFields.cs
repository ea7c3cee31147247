using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>Lenient field readers: a missing or null field reads as Go's zero value, as in the typed upstream printers.</summary>
internal static class JsonFields
{
    public static JsonObject? Obj(this JsonNode? node, string name) => (node as JsonObject)?[name] as JsonObject;

    public static IEnumerable<JsonObject> Objects(this JsonNode? node, string name) =>
        ((node as JsonObject)?[name] as JsonArray)?.OfType<JsonObject>() ?? [];

    public static int Count(this JsonNode? node, string name) => (node as JsonObject)?[name] switch
    {
        JsonArray a => a.Count,
        JsonObject o => o.Count,
        _ => 0,
    };

    public static string Str(this JsonNode? node, string name) =>
        (node as JsonObject)?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    public static bool Bool(this JsonNode? node, string name) =>
        (node as JsonObject)?[name] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    public static bool? OptionalBool(this JsonNode? node, string name) =>
        (node as JsonObject)?[name] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    public static long Int(this JsonNode? node, string name)
    {
        if ((node as JsonObject)?[name] is not JsonValue v)
        {
            return 0;
        }

        if (v.TryGetValue<long>(out var l))
        {
            return l;
        }

        if (v.TryGetValue<int>(out var i))
        {
            return i;
        }

        return v.GetValueKind() == JsonValueKind.Number
            && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? (long)d
            : 0;
    }

    /// <summary>A metav1.Time / MicroTime; null stands for Go's zero time.</summary>
    public static DateTimeOffset? Time(this JsonNode? node, string name)
    {
        if ((node as JsonObject)?[name] is not JsonValue v)
        {
            return null;
        }

        DateTimeOffset? parsed = null;
        if (v.TryGetValue<string>(out var s))
        {
            if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
            {
                parsed = t;
            }
        }
        else if (v.TryGetValue<DateTimeOffset>(out var dto))
        {
            parsed = dto;
        }
        else if (v.TryGetValue<DateTime>(out var dt))
        {
            parsed = new DateTimeOffset(DateTime.SpecifyKind(dt, dt.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : dt.Kind));
        }

        return parsed is { } p && p.UtcDateTime != DateTime.MinValue ? p : null;
    }
}
