using System.Text.Json.Nodes;

namespace MiniApiServer.UnitTests.Patching;

internal static class JsonAssert
{
    public static JsonObject Object(string json) => JsonNode.Parse(json)!.AsObject();

    public static JsonArray Array(string json) => JsonNode.Parse(json)!.AsArray();

    public static void Equal(string expectedJson, JsonNode? actual)
    {
        var expected = JsonNode.Parse(expectedJson);
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected?.ToJsonString()}\nactual   {actual?.ToJsonString()}");
    }
}
