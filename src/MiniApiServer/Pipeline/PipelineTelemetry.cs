using System.Diagnostics;
using Prometheus;

namespace MiniApiServer.Pipeline;

/// <summary>The instruments <see cref="TelemetryBehavior{TMessage, TResponse}"/> shares across every message type.</summary>
public static class PipelineTelemetry
{
    public const string SourceName = "MiniApiServer.Mediator";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>outcome is success, the Status reason of an API error (NotFound, Conflict, Invalid, ...) or error.</summary>
    public static readonly Counter Commands = Metrics.CreateCounter("miniapiserver_mediator_messages_total",
        "Commands and queries through the mediator pipeline, HTTP and controllers alike, by message and outcome.", "message", "outcome");

    public static readonly Histogram Seconds = Metrics.CreateHistogram("miniapiserver_mediator_message_duration_seconds",
        "Time in the mediator pipeline per message type.", new HistogramConfiguration
        {
            LabelNames = ["message"],
            Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
        });
}
