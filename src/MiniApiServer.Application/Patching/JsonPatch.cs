using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Patching;

public static class JsonPatch
{
    public static JsonNode? Apply(JsonNode? target, JsonArray operations) => throw new PatchException("json patch is not implemented yet");
}
