using System.Globalization;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Objects;

/// <summary>Small accessors for metadata on raw JSON objects.</summary>
public static class ObjectMeta
{
    public static JsonObject Of(JsonObject obj)
    {
        if (obj["metadata"] is JsonObject m)
        {
            return m;
        }
        var created = new JsonObject();
        obj["metadata"] = created;
        return created;
    }

    public static string? Str(JsonObject? obj, string name) =>
        obj?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static string Timestamp(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static List<string> Finalizers(JsonObject meta) =>
        meta["finalizers"] is JsonArray a ? a.Select(n => n?.GetValue<string>() ?? "").ToList() : [];

    public static void SetFinalizers(JsonObject meta, IReadOnlyCollection<string> finalizers)
    {
        if (finalizers.Count == 0)
        {
            meta.Remove("finalizers");
        }
        else
        {
            meta["finalizers"] = new JsonArray(finalizers.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray());
        }
    }
}
