using System.Text.Json.Nodes;

namespace MiniApiServer.Controllers.DaemonSets;

/// <summary>Go's encoding/json writes map keys sorted; ControllerRevision data is compared in that form.</summary>
public static class SortedJson
{
    public static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => KeyValuePair.Create(kv.Key, Sort(kv.Value)))),
        JsonArray a => new JsonArray(a.Select(Sort).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };

    public static string Canonical(JsonNode? node) => Sort(node)?.ToJsonString() ?? "null";
}
