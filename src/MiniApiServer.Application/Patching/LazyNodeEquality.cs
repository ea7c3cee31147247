using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Patching;

/// <summary>
/// json-patch.v4's lazyNode.equal, which a test operation uses: objects and arrays compare member by member, but two
/// scalars compare as their JSON text, so 1 is not 1.0 and "a" is not "\u0061", where JsonNode.DeepEquals would say both are.
/// </summary>
internal static class LazyNodeEquality
{
    public static bool Equal(JsonNode? a, JsonNode? b) => (a, b) switch
    {
        (null, null) => true,
        (JsonObject x, JsonObject y) => x.Count == y.Count && x.All(p => y.TryGetPropertyValue(p.Key, out var other) && Equal(p.Value, other)),
        (JsonArray x, JsonArray y) => x.Count == y.Count && x.Select((item, i) => Equal(item, y[i])).All(same => same),
        (JsonValue x, JsonValue y) => Text(x) == Text(y),
        _ => false,
    };

    // A parsed value keeps its text as the request spelled it; one built in code has only its written form.
    private static string Text(JsonValue value) =>
        value.TryGetValue<JsonElement>(out var element) ? element.GetRawText() : value.ToJsonString();
}
