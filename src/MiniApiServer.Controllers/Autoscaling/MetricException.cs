namespace MiniApiServer.Controllers.Autoscaling;

/// <summary>A metric that could not be computed, with upstream's error text (it becomes a condition and an event).</summary>
public sealed class MetricException(string message) : Exception(message);
