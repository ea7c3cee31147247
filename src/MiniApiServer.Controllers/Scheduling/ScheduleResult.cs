namespace MiniApiServer.Controllers.Scheduling;

/// <summary>The outcome of one scheduling cycle: a node to bind to, or why none fits.</summary>
public sealed record ScheduleResult(string? NodeName, string? FailureMessage)
{
    /// <summary>schedule_one.go ErrNoNodesAvailable.</summary>
    public const string NoNodesAvailable = "no nodes available to schedule pods";

    public bool Scheduled => NodeName is not null;

    public static ScheduleResult Bind(string node) => new(node, null);

    public static ScheduleResult Fail(string message) => new(null, message);
}
