namespace MiniApiServer.Controllers.Autoscaling;

/// <summary>What a resource metric proposes: replicas, the utilization in percent (Utilization targets) and the average usage in milli-units.</summary>
public sealed record ResourceProposal(int Replicas, int Utilization, long RawAverage);
