using System.Text.Json.Nodes;
using MiniApiServer.Application.Objects;

namespace MiniApiServer.Controllers.Scheduling;

/// <summary>
/// The status write of schedule_one.go handleSchedulingFailure → podutil.UpdatePodCondition: PodScheduled=False
/// with reason Unschedulable; lastTransitionTime only moves when the status flips, so an unchanged failure is a
/// no-op write.
/// </summary>
public static class PodScheduledCondition
{
    public const string Unschedulable = "Unschedulable";

    public static JsonObject SetUnschedulable(JsonObject pod, string uid, string message, string now)
    {
        // The pod may have been replaced or bound since the cycle read it; then this failure is stale.
        if (ObjectMeta.Str(ObjectMeta.Of(pod), "uid") != uid || ObjectMeta.Str(pod["spec"] as JsonObject, "nodeName") is { Length: > 0 })
        {
            return pod;
        }
        var status = pod["status"] as JsonObject ?? [];
        pod["status"] = status;
        var conditions = status["conditions"] as JsonArray ?? [];
        status["conditions"] = conditions;
        var condition = conditions.OfType<JsonObject>().FirstOrDefault(c => ObjectMeta.Str(c, "type") == "PodScheduled");
        if (condition is null)
        {
            condition = new JsonObject { ["type"] = "PodScheduled" };
            conditions.Add(condition);
        }
        if (ObjectMeta.Str(condition, "status") != "False" || condition["lastTransitionTime"] is null)
        {
            condition["lastTransitionTime"] = now;
        }
        condition["status"] = "False";
        condition["reason"] = Unschedulable;
        condition["message"] = message;
        condition.Remove("lastProbeTime");
        return pod;
    }
}
