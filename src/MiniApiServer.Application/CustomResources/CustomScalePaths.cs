using System.Text.Json.Nodes;

namespace MiniApiServer.Application.CustomResources;

/// <summary>
/// Reads and writes at a CRD's scale paths (".spec.replicas"), as registry/customresource's scaleFromCustomResource
/// and its scaleUpdatedObjectInfo do with unstructured.NestedInt64 / SetNestedField: a missing count reads 0.
/// </summary>
public static class CustomScalePaths
{
    public static int Int(JsonObject obj, string path) =>
        Find(obj, path) is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number && Schema.IsInteger(v)
            ? (int)Math.Clamp(Schema.ToDouble(v), int.MinValue, int.MaxValue)
            : 0;

    public static string? String(JsonObject obj, string path) => Find(obj, path) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static void Set(JsonObject obj, string path, int value)
    {
        var segments = SimpleJsonPath.Segments(path);
        var node = obj;
        foreach (var segment in segments[..^1])
        {
            if (node[segment] is not JsonObject child)
            {
                child = [];
                node[segment] = child;
            }
            node = child;
        }
        node[segments[^1]] = value;
    }

    private static JsonNode? Find(JsonObject obj, string path) => SimpleJsonPath.Find(obj, SimpleJsonPath.Segments(path)).Value;
}
