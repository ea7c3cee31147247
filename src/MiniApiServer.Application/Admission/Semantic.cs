using System.Text.Json;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// apiequality.Semantic.DeepEqual for models: equal when their JSON is, with a member that is null, an empty list or
/// an empty object the same as an absent one. Upstream compares Go structs with apimachinery's forked reflect.DeepEqual,
/// where an empty slice or map equals a nil one and a struct field (a container's resources) is never absent: a client
/// that sends <c>"resources":{}</c> (kubectl does for every container it re-encodes, as rollout undo does) means what
/// one that leaves it out means.
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
                    if (Normalize(value) is { } kept && !IsEmpty(kept))
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

    private static bool IsEmpty(JsonNode node) => node is JsonObject { Count: 0 } or JsonArray { Count: 0 };
}
