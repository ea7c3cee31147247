using System.Text.Json;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// apiequality.Semantic.DeepEqual for models: equal when their JSON is, with a null member, an empty list, or an
/// empty object where Go has a map or a struct value, the same as an absent one. Upstream compares Go structs with
/// apimachinery's forked reflect.DeepEqual, where an empty slice or map equals a nil one and a struct value (a
/// container's resources) is never absent: a client that sends <c>"resources":{}</c> (kubectl does for every
/// container it re-encodes, as rollout undo does) means what one that leaves it out means. An empty object elsewhere
/// may be a pointer to an empty struct, which upstream tells from nil (<c>namespaceSelector: {}</c> selects every
/// namespace, none selects the pod's own), so it stays.
/// </summary>
public static class Semantic
{
    public static bool DeepEqual(object? a, object? b) => Canonical(a) == Canonical(b);

    /// <summary>The compared form: members sorted by name (Go's encoding/json writes map keys sorted), empty ones dropped.</summary>
    public static string Canonical(object? model) =>
        model is null ? "null" : Canonical(JsonSerializer.SerializeToNode(model, model.GetType(), ModelCodec.Options));

    /// <inheritdoc cref="Canonical(object?)"/>
    public static string Canonical(JsonNode? node) => Normalize(node)?.ToJsonString() ?? "null";

    private static JsonNode? Normalize(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var members = new JsonObject();
                foreach (var (key, value) in o.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    if (Normalize(value) is { } kept && !IsEmpty(key, kept))
                    {
                        members[key] = kept;
                    }
                }
                return members;
            case JsonArray a:
                // Items stay, empty or not: a list of one empty item is not an empty list.
                return new JsonArray(a.Select(item => Normalize(item) ?? JsonValue.Create((string?)null)).ToArray());
            case null:
                return null;
            default:
                return node.DeepClone();
        }
    }

    private static bool IsEmpty(string key, JsonNode node) =>
        node is JsonArray { Count: 0 } || (node is JsonObject { Count: 0 } && MapsAndStructValues.Contains(key));

    // Members of the compared kinds (pod templates, Deployment and ReplicaSet specs and statuses) that are Go maps or
    // struct values, never pointers: empty is absent for these. "selector" is not here (a map in a Service, a pointer
    // in a Deployment).
    private static readonly HashSet<string> MapsAndStructValues =
        ["metadata", "labels", "annotations", "resources", "limits", "requests", "nodeSelector", "matchLabels", "overhead", "data", "binaryData"];
}
