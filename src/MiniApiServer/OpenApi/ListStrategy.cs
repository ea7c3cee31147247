using System.Text.Json.Nodes;

namespace MiniApiServer.OpenApi;

/// <summary>The patchMergeKey/patchStrategy Go tags and +listType/+listMapKey markers of one list field.</summary>
internal sealed record ListStrategy(string? MergeKey, string? PatchStrategy, string? ListType, string[] MapKeys)
{
    public static ListStrategy Map(string key, string? patchStrategy = "merge", params string[] extraKeys) =>
        new(key, patchStrategy, "map", [key, .. extraKeys]);

    public static ListStrategy Atomic { get; } = new(null, null, "atomic", []);

    public void ApplyTo(JsonObject schema)
    {
        if (MergeKey is not null)
        {
            schema["x-kubernetes-patch-merge-key"] = MergeKey;
        }
        if (PatchStrategy is not null)
        {
            schema["x-kubernetes-patch-strategy"] = PatchStrategy;
        }
        if (ListType is not null)
        {
            schema["x-kubernetes-list-type"] = ListType;
        }
        if (MapKeys.Length > 0)
        {
            schema["x-kubernetes-list-map-keys"] = new JsonArray(MapKeys.Select(k => (JsonNode?)JsonValue.Create(k)).ToArray());
        }
    }
}
