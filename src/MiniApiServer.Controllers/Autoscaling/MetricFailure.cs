namespace MiniApiServer.Controllers.Autoscaling;

/// <summary>
/// One metric that produced no proposal: the condition and event reason (FailedGetResourceMetric, ...), the error as
/// the metric's own computation words it (<see cref="Inner"/>, the condition's and the per-metric event's text) and
/// as computeReplicasForMetric wraps it (<see cref="Exception.Message"/>, in FailedComputeMetricsReplicas).
/// </summary>
public sealed class MetricFailure(string reason, string inner, string wrapped) : Exception(wrapped)
{
    public string Reason { get; } = reason;

    public string Inner { get; } = inner;
}
