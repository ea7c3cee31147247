using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Patching;

public static class StrategicMergePatch
{
    public static JsonObject Apply(JsonObject original, JsonObject patch, Type modelType) =>
        JsonMergePatch.Apply(original, patch)!.AsObject();
}
