using System.Text.Json.Nodes;

namespace MiniApiServer.Storage;

/// <summary>
/// The nesting the store's JSON readers and writers take: System.Text.Json's default depth of 64, which the stamper,
/// the indexer, the log tailer and the readers of stored objects all use. Go's decoder takes 10,000 levels, so a custom
/// resource's preserved fields (or a CRD's schema) nested past 64 failed the writer's whole batch with a 500, taking
/// the other writes of that batch with it.
/// </summary>
public static class ObjectDepth
{
    public const int Max = 64;

    /// <summary>Whether <paramref name="node"/> nests objects and arrays more than <see cref="Max"/> levels deep.</summary>
    public static bool TooDeep(JsonNode? node) => Exceeds(node, 1);

    private static bool Exceeds(JsonNode? node, int depth) => node switch
    {
        JsonObject obj => depth > Max || obj.Any(p => Exceeds(p.Value, depth + 1)),
        JsonArray array => depth > Max || array.Any(e => Exceeds(e, depth + 1)),
        _ => false,
    };
}
