using System.Text.Json.Nodes;
using MiniApiServer.Application.Objects;

namespace MiniApiServer.Application.CustomResources;

/// <summary>
/// apihelpers.SetCRDCondition: a new condition is appended with the time now; an existing one keeps its
/// lastTransitionTime unless its status changes; reason and message are always overwritten.
/// </summary>
public static class CrdConditions
{
    public static void Set(JsonObject status, string type, string value, string reason, string message, DateTimeOffset now)
    {
        var conditions = status["conditions"] as JsonArray ?? [];
        status["conditions"] = conditions;
        var existing = conditions.OfType<JsonObject>().FirstOrDefault(c => Str(c["type"]) == type);
        if (existing is null)
        {
            conditions.Add(new JsonObject
            {
                ["type"] = type, ["status"] = value, ["lastTransitionTime"] = ObjectMeta.Timestamp(now), ["reason"] = reason, ["message"] = message,
            });
            return;
        }
        if (Str(existing["status"]) != value || existing["lastTransitionTime"] is null)
        {
            existing["lastTransitionTime"] = ObjectMeta.Timestamp(now);
        }
        existing["status"] = value;
        existing["reason"] = reason;
        existing["message"] = message;
    }

    public static bool IsTrue(JsonObject crd, string type) =>
        crd["status"]?["conditions"] is JsonArray conditions
        && conditions.OfType<JsonObject>().Any(c => Str(c["type"]) == type && Str(c["status"]) == "True");

    private static string Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}
