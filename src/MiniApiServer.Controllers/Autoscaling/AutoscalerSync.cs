using k8s.Models;
using MiniApiServer.Application.Clock;

namespace MiniApiServer.Controllers.Autoscaling;

/// <summary>
/// One reconcile's view of an autoscaler: what it decides about the status as it goes (setCondition,
/// setCurrentReplicasAndMetricsInStatus, setStatus), built on copies so the informer's shared object is never changed.
/// </summary>
public sealed class AutoscalerSync(V2HorizontalPodAutoscaler hpa, DateTimeOffset now)
{
    private readonly List<V2HorizontalPodAutoscalerCondition> _conditions = hpa.Status?.Conditions?.Select(c => new V2HorizontalPodAutoscalerCondition
    {
        Type = c.Type,
        Status = c.Status,
        Reason = c.Reason,
        Message = c.Message,
        LastTransitionTime = c.LastTransitionTime,
    }).ToList() ?? [];

    public V2HorizontalPodAutoscaler Hpa { get; } = hpa;

    public DateTimeOffset Now { get; } = now;

    public string Reference => $"{Hpa.Spec?.ScaleTargetRef?.Kind}/{Hpa.Metadata.NamespaceProperty}/{Hpa.Spec?.ScaleTargetRef?.Name}";

    /// <summary>Null until the scale was read: the status keeps what it had.</summary>
    public int? CurrentReplicas { get; set; }

    /// <summary>Null unless this sync decided: the status keeps the previous desired count.</summary>
    public int? DesiredReplicas { get; set; }

    public IList<V2MetricStatus>? CurrentMetrics { get; set; } = hpa.Status?.CurrentMetrics;

    public bool Rescaled { get; set; }

    /// <summary>setCondition: found by type, appended when new; the transition time moves only when the status does.</summary>
    public void SetCondition(string type, string status, string reason, string message)
    {
        var condition = _conditions.FirstOrDefault(c => c.Type == type);
        if (condition is null)
        {
            condition = new V2HorizontalPodAutoscalerCondition { Type = type };
            _conditions.Add(condition);
        }
        if (condition.Status != status)
        {
            condition.LastTransitionTime = KubeTime.Time(Now);
        }
        condition.Status = status;
        condition.Reason = reason;
        condition.Message = message;
    }

    /// <summary>setStatus: a new status of these fields (observedGeneration is not among them, as upstream).</summary>
    public V2HorizontalPodAutoscalerStatus Status() => new()
    {
        CurrentReplicas = CurrentReplicas ?? Hpa.Status?.CurrentReplicas,
        DesiredReplicas = DesiredReplicas ?? Hpa.Status?.DesiredReplicas ?? 0,
        CurrentMetrics = CurrentMetrics is { Count: > 0 } ? CurrentMetrics : null,
        LastScaleTime = Rescaled ? KubeTime.Time(Now) : Hpa.Status?.LastScaleTime,
        Conditions = _conditions.Count > 0 ? _conditions : null,
    };
}
