namespace MiniApiServer.Application.Clock;

/// <summary>Conversions between the models' DateTime fields and the injected clock's DateTimeOffset.</summary>
public static class KubeTime
{
    public static DateTimeOffset? Of(DateTime? t) => t is { } v ? Of(v) : null;

    public static DateTimeOffset Of(DateTime t) => t.Kind switch
    {
        DateTimeKind.Local => new DateTimeOffset(t.ToUniversalTime(), TimeSpan.Zero),
        _ => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc), TimeSpan.Zero),
    };

    /// <summary>metav1.Time has second precision: what a creationTimestamp, a condition's transition time or a binding's PodScheduled stores.</summary>
    public static DateTime Time(DateTimeOffset now) =>
        new(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    /// <summary>metav1.MicroTime has microsecond precision.</summary>
    public static DateTime MicroTime(DateTimeOffset now) =>
        new(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMicrosecond, DateTimeKind.Utc);
}
