using k8s.Models;
using MiniApiServer.Application.Clock;

namespace MiniApiServer.Controllers.Nodes;

/// <summary>pkg/api/v1/pod/util.go UpdatePodCondition: lastTransitionTime moves only when the status flips.</summary>
public static class PodConditions
{
    public const string DisruptionTarget = "DisruptionTarget";

    public static V1PodCondition? Get(V1Pod pod, string type) => pod.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    public static bool IsTrue(V1Pod pod, string type) => Get(pod, type)?.Status == "True";

    public static void Set(V1Pod pod, string type, string status, DateTimeOffset now, string? reason = null, string? message = null)
    {
        pod.Status ??= new V1PodStatus();
        var conditions = pod.Status.Conditions ?? [];
        pod.Status.Conditions = conditions;
        var c = conditions.FirstOrDefault(x => x.Type == type);
        if (c is null)
        {
            c = new V1PodCondition { Type = type };
            conditions.Add(c);
        }
        if (c.Status != status || c.LastTransitionTime is null)
        {
            c.LastTransitionTime = KubeTime.Time(now);
        }
        c.Status = status;
        c.Reason = reason;
        c.Message = message;
    }

    public static bool IsTerminal(V1Pod pod) => pod.Status?.Phase is "Failed" or "Succeeded";
}
