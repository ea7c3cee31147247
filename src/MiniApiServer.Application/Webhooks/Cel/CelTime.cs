using System.Globalization;
using System.Text.RegularExpressions;

namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>
/// CEL's google.protobuf.Timestamp (ticks since the Unix epoch, UTC) and google.protobuf.Duration (ticks), at .NET's
/// 100ns resolution: timestamp() of RFC 3339 text, duration() of Go duration text ("1h30m", "1.5s", "-300ms"), ordered
/// within a kind, added and subtracted as cel-spec allows (timestamp ± duration, timestamp - timestamp, duration ± duration).
/// </summary>
internal sealed partial class CelTime : IComparable<CelTime>, IEquatable<CelTime>
{
    private CelTime(bool isDuration, long ticks)
    {
        IsDuration = isDuration;
        Ticks = ticks;
    }

    public bool IsDuration { get; }

    public long Ticks { get; }

    public string TypeName => IsDuration ? "google.protobuf.Duration" : "google.protobuf.Timestamp";

    [GeneratedRegex(@"\G([0-9]*(?:\.[0-9]*)?)(ns|us|µs|ms|s|m|h)")]
    private static partial Regex DurationUnit();

    public static CelTime Timestamp(string text) =>
        text.Contains('T', StringComparison.OrdinalIgnoreCase)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? new CelTime(false, (time.UtcDateTime - DateTime.UnixEpoch).Ticks)
            : throw new CelException($"timestamp conversion error: parsing time \"{text}\" as RFC 3339");

    /// <summary>A Go duration (time.ParseDuration): an optional sign, then numbers each with a unit.</summary>
    public static CelTime Duration(string text)
    {
        var at = text.StartsWith('-') || text.StartsWith('+') ? 1 : 0;
        decimal total = 0;
        if (text[at..] == "0")
        {
            return new CelTime(true, 0);
        }
        var any = false;
        while (at < text.Length && DurationUnit().Match(text, at) is { Success: true } m && m.Groups[1].Length > 0 && m.Groups[1].Value != ".")
        {
            var ticksPerUnit = m.Groups[2].Value switch
            {
                "ns" => 0.01m,
                "us" or "µs" => 10m,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                _ => TimeSpan.TicksPerHour,
            };
            total += decimal.Parse(m.Groups[1].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) * ticksPerUnit;
            at += m.Length;
            any = true;
        }
        if (!any || at != text.Length || Math.Abs(total) > long.MaxValue)
        {
            throw new CelException($"invalid duration argument: time: invalid duration \"{text}\"");
        }
        return new CelTime(true, (long)(text.StartsWith('-') ? -total : total));
    }

    public CelTime Add(CelTime other) => (IsDuration, other.IsDuration) switch
    {
        (false, false) => throw new CelException("no such overload: google.protobuf.Timestamp + google.protobuf.Timestamp"),
        _ => new CelTime(IsDuration && other.IsDuration, checked(Ticks + other.Ticks)),
    };

    public CelTime Subtract(CelTime other) => (IsDuration, other.IsDuration) switch
    {
        (true, false) => throw new CelException("no such overload: google.protobuf.Duration - google.protobuf.Timestamp"),
        _ => new CelTime(IsDuration || !other.IsDuration, checked(Ticks - other.Ticks)),
    };

    public CelTime Negate() => IsDuration ? new CelTime(true, checked(-Ticks)) : throw new CelException("no such overload: -google.protobuf.Timestamp");

    public int CompareTo(CelTime? other) => other is not null && other.IsDuration == IsDuration
        ? Ticks.CompareTo(other.Ticks)
        : throw new CelException($"no such overload: {TypeName} < {other?.TypeName}");

    public bool Equals(CelTime? other) => other is not null && other.IsDuration == IsDuration && other.Ticks == Ticks;

    public override bool Equals(object? obj) => Equals(obj as CelTime);

    public override int GetHashCode() => HashCode.Combine(IsDuration, Ticks);

    /// <summary>As string() writes it: a duration in seconds ("5400s", "1.5s"), a timestamp in RFC 3339 UTC.</summary>
    public override string ToString() => IsDuration
        ? (Ticks / (decimal)TimeSpan.TicksPerSecond).ToString("0.#######", CultureInfo.InvariantCulture) + "s"
        : (DateTime.UnixEpoch + TimeSpan.FromTicks(Ticks)).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
