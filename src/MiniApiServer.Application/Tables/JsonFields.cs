using System.Globalization;
using System.Text.Json;

namespace MiniApiServer.Application.Tables;

/// <summary>
/// Lenient field readers over a parsed object: a missing or null field reads as Go's zero value, as in the typed
/// upstream printers. A missing object is null, so printers test presence the way printers.go tests a nil pointer.
/// </summary>
internal static class JsonFields
{
    public static JsonElement? Obj(this JsonElement node, string name) =>
        node.Field(name) is { ValueKind: JsonValueKind.Object } o ? o : null;

    public static JsonElement? Obj(this JsonElement? node, string name) => node?.Obj(name);

    public static IEnumerable<JsonElement> Objects(this JsonElement node, string name) =>
        node.Field(name) is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object) : [];

    public static IEnumerable<JsonElement> Objects(this JsonElement? node, string name) => node?.Objects(name) ?? [];

    /// <summary>The strings of an array field; an item that is not a string reads as "".</summary>
    public static List<string> Strings(this JsonElement? node, string name) =>
        node?.Field(name) is { ValueKind: JsonValueKind.Array } a
            ? [.. a.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : "")]
            : [];

    public static List<string> Strings(this JsonElement node, string name) => ((JsonElement?)node).Strings(name);

    /// <summary>The string-valued members of an object field (a label map), in document order.</summary>
    public static IEnumerable<KeyValuePair<string, string>> StringMap(this JsonElement? node) =>
        node is { ValueKind: JsonValueKind.Object } o
            ? o.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : ""))
            : [];

    /// <summary>True when the field is present and not null (Go: a non-nil pointer).</summary>
    public static bool Has(this JsonElement? node, string name) => node?.Field(name) is { ValueKind: not JsonValueKind.Null };

    public static bool Has(this JsonElement node, string name) => ((JsonElement?)node).Has(name);

    public static int Count(this JsonElement node, string name) => ((JsonElement?)node).Count(name);

    public static int Count(this JsonElement? node, string name) => node?.Field(name) switch
    {
        { ValueKind: JsonValueKind.Array } a => a.GetArrayLength(),
        { ValueKind: JsonValueKind.Object } o => o.EnumerateObject().Count(),
        _ => 0,
    };

    public static string Str(this JsonElement node, string name) =>
        node.Field(name) is { ValueKind: JsonValueKind.String } s ? s.GetString()! : "";

    public static string Str(this JsonElement? node, string name) => node?.Str(name) ?? "";

    public static bool Bool(this JsonElement node, string name) => node.Field(name) is { ValueKind: JsonValueKind.True };

    public static bool Bool(this JsonElement? node, string name) => node?.Bool(name) ?? false;

    public static bool? OptionalBool(this JsonElement node, string name) => node.Field(name)?.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    public static long Int(this JsonElement node, string name)
    {
        if (node.Field(name) is not { ValueKind: JsonValueKind.Number } v)
        {
            return 0;
        }
        return v.TryGetInt64(out var l) ? l : v.TryGetDouble(out var d) ? (long)d : 0;
    }

    public static long Int(this JsonElement? node, string name) => node?.Int(name) ?? 0;

    /// <summary>A metav1.Time / MicroTime; null stands for Go's zero time.</summary>
    public static DateTimeOffset? Time(this JsonElement node, string name) =>
        node.Field(name) is { ValueKind: JsonValueKind.String } s
        && DateTimeOffset.TryParse(s.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
        && t.UtcDateTime != DateTime.MinValue
            ? t
            : null;

    public static DateTimeOffset? Time(this JsonElement? node, string name) => node?.Time(name);

    /// <summary>A string field as given, any other value as its JSON text, null when absent or null: an IntOrString.</summary>
    public static string? Raw(this JsonElement? node, string name) => node?.Field(name) switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString()!,
        { ValueKind: not JsonValueKind.Null } v => v.GetRawText(),
        _ => null,
    };

    public static JsonElement? FirstOrNull(this IEnumerable<JsonElement> items, Func<JsonElement, bool> match)
    {
        foreach (var item in items)
        {
            if (match(item))
            {
                return item;
            }
        }
        return null;
    }

    public static JsonElement? LastOrNull(this IEnumerable<JsonElement> items, Func<JsonElement, bool> match)
    {
        JsonElement? last = null;
        foreach (var item in items)
        {
            if (match(item))
            {
                last = item;
            }
        }
        return last;
    }

    private static JsonElement? Field(this JsonElement node, string name) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty(name, out var v) ? v : null;
}
