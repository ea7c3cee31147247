namespace MiniApiServer.Controllers.Autoscaling;

/// <summary>metricsclient.PodMetric: a pod's usage in milli-units, when it was sampled and over what window.</summary>
public sealed record PodMetric(long Value, DateTimeOffset Timestamp, TimeSpan Window);
