using System.Text.Json.Nodes;
using MiniApiServer.Application.Objects;

namespace MiniApiServer.Application.Kinds;

/// <summary>A pod's status.conditions entry of one type, as the pod subresources write it on the JSON they store.</summary>
public static class PodStatusCondition
{
    /// <summary>The condition of <paramref name="type"/>, added (with status and conditions created as needed) when missing.</summary>
    public static JsonObject FindOrAdd(JsonObject pod, string type)
    {
        var status = pod["status"] as JsonObject ?? [];
        pod["status"] = status;
        var conditions = status["conditions"] as JsonArray ?? [];
        status["conditions"] = conditions;
        var condition = conditions.OfType<JsonObject>().FirstOrDefault(c => ObjectMeta.Str(c, "type") == type);
        if (condition is null)
        {
            condition = new JsonObject { ["type"] = type };
            conditions.Add(condition);
        }
        return condition;
    }
}
