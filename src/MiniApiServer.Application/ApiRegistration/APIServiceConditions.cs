using k8s.Models;
using MiniApiServer.Application.Clock;

namespace MiniApiServer.Application.ApiRegistration;

/// <summary>kube-aggregator pkg/apis/apiregistration/v1/helper: the Available condition and how it is set.</summary>
public static class APIServiceConditions
{
    public const string Available = "Available";

    /// <summary>NewLocalAvailableAPIServiceCondition.</summary>
    public static V1APIServiceCondition LocalAvailable(DateTimeOffset now) =>
        new() { Type = Available, Status = "True", LastTransitionTime = KubeTime.Time(now), Reason = "Local", Message = "Local APIServices are always available" };

    public static V1APIServiceCondition? Find(V1APIService apiService, string type) =>
        apiService.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>SetAPIServiceCondition: the transition time moves only with the status; reason and message always.</summary>
    public static void Set(V1APIService apiService, V1APIServiceCondition condition)
    {
        var status = apiService.Status ??= new V1APIServiceStatus();
        if (Find(apiService, condition.Type) is not { } existing)
        {
            (status.Conditions ??= []).Add(condition);
            return;
        }
        if (existing.Status != condition.Status)
        {
            existing.Status = condition.Status;
            existing.LastTransitionTime = condition.LastTransitionTime;
        }
        existing.Reason = condition.Reason;
        existing.Message = condition.Message;
    }
}
