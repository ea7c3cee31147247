namespace MiniApiServer.Controllers.Autoscaling;

/// <summary>
/// What the HPA controller remembers of one autoscaler between syncs, in memory as upstream does (lost on restart
/// or failover): its recent recommendations, for stabilization, and its recent scale events, for the behavior's
/// rate policies.
/// </summary>
public sealed class AutoscalerMemory
{
    public List<Recommendation> Recommendations { get; } = [];

    public List<ScaleEvent> ScaleUpEvents { get; } = [];

    public List<ScaleEvent> ScaleDownEvents { get; } = [];
}

/// <summary>timestampedRecommendation.</summary>
public sealed record Recommendation(int Replicas, DateTimeOffset Timestamp);

/// <summary>timestampedScaleEvent: how many replicas one rescale added or removed.</summary>
public sealed record ScaleEvent(int ReplicaChange, DateTimeOffset Timestamp)
{
    public bool Outdated { get; set; }
}
