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

    /// <summary>
    /// Leaves out the metadata maps and lists that hold nothing, as a typed metav1.ObjectMeta encodes them (omitempty);
    /// custom resources too (apiextensions' objectmeta.Coerce re-encodes their metadata typed). kubectl diff merges
    /// "annotations": {} into any object that has none, and showed it as a change when the server kept it.
    /// </summary>
    public static void OmitEmpty(JsonObject meta)
    {
        foreach (var key in OmitEmptyCollections)
        {
            if (meta.TryGetPropertyValue(key, out var value) && value is null or JsonObject { Count: 0 } or JsonArray { Count: 0 })
            {
                meta.Remove(key);
            }
        }
    }

    /// <summary><see cref="OmitEmpty(JsonObject)"/> on a model's metadata.</summary>
    public static void OmitEmpty(k8s.Models.V1ObjectMeta meta)
    {
        meta.Labels = meta.Labels is { Count: 0 } ? null : meta.Labels;
        meta.Annotations = meta.Annotations is { Count: 0 } ? null : meta.Annotations;
        meta.Finalizers = meta.Finalizers is { Count: 0 } ? null : meta.Finalizers;
        meta.OwnerReferences = meta.OwnerReferences is { Count: 0 } ? null : meta.OwnerReferences;
    }

    private static readonly string[] OmitEmptyCollections = ["labels", "annotations", "finalizers", "ownerReferences"];
}
