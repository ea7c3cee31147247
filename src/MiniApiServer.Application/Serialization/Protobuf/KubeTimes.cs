using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Serialization.Protobuf;

/// <summary>metav1.Time, MicroTime and Duration between their protobuf messages and their JSON strings.</summary>
public static class KubeTimes
{
    public static JsonNode? Time(ReadOnlySpan<byte> raw) => Stamp(raw, "yyyy-MM-dd'T'HH:mm:ss'Z'");

    public static JsonNode? MicroTime(ReadOnlySpan<byte> raw) => Stamp(raw, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'");

    /// <summary>{seconds, nanos} from an RFC 3339 string.</summary>
    public static (long Seconds, int Nanos) Parse(string text)
    {
        var t = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var seconds = t.ToUnixTimeSeconds();
        return (seconds, (int)((t.UtcTicks - DateTimeOffset.FromUnixTimeSeconds(seconds).UtcTicks) * 100));
    }

    /// <summary>metav1.Duration is a Go time.Duration in nanoseconds, written as Go's Duration.String ("1h2m3.5s").</summary>
    public static JsonNode Duration(ReadOnlySpan<byte> raw)
    {
        long nanos = 0;
        var r = new ProtoReader(raw);
        while (r.TryReadTag(out var number, out var wire))
        {
            if (number == 1) nanos = (long)r.ReadVarint();
            else r.Skip(wire);
        }
        return FormatDuration(nanos);
    }

    public static string FormatDuration(long nanos)
    {
        if (nanos == 0)
        {
            return "0s";
        }
        var sb = new StringBuilder(nanos < 0 ? "-" : "");
        var u = (ulong)Math.Abs(nanos);
        if (u < 1_000_000_000)
        {
            var (unit, scale) = u < 1_000 ? ("ns", 1UL) : u < 1_000_000 ? ("µs", 1_000UL) : ("ms", 1_000_000UL);
            return sb.Append(Fraction(u, scale)).Append(unit).ToString();
        }
        var hours = u / 3_600_000_000_000;
        var minutes = u / 60_000_000_000 % 60;
        var seconds = u % 60_000_000_000;
        if (hours > 0) sb.Append(hours).Append('h');
        if (hours > 0 || minutes > 0) sb.Append(minutes).Append('m');
        return sb.Append(Fraction(seconds, 1_000_000_000)).Append('s').ToString();
    }

    /// <summary>Go's time.ParseDuration for the units Kubernetes objects use.</summary>
    public static long ParseDuration(string text)
    {
        var total = 0m;
        var i = 0;
        var sign = text.StartsWith('-') ? -1 : 1;
        if (text.StartsWith('-') || text.StartsWith('+')) i++;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.')) i++;
            var number = decimal.Parse(text[start..i], CultureInfo.InvariantCulture);
            var unitStart = i;
            while (i < text.Length && !char.IsAsciiDigit(text[i]) && text[i] != '.') i++;
            total += number * text[unitStart..i] switch
            {
                "ns" => 1m, "us" or "µs" => 1_000m, "ms" => 1_000_000m, "s" => 1_000_000_000m,
                "m" => 60_000_000_000m, "h" => 3_600_000_000_000m,
                var unit => throw new FormatException($"time: unknown unit \"{unit}\" in duration \"{text}\""),
            };
        }
        return sign * (long)total;
    }

    private static string Fraction(ulong value, ulong scale)
    {
        var whole = value / scale;
        var rest = value % scale;
        if (rest == 0)
        {
            return whole.ToString(CultureInfo.InvariantCulture);
        }
        var digits = scale.ToString(CultureInfo.InvariantCulture).Length - 1;
        return $"{whole}.{rest.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0')}";
    }

    private static JsonNode? Stamp(ReadOnlySpan<byte> raw, string format)
    {
        long seconds = 0;
        long nanos = 0;
        var r = new ProtoReader(raw);
        while (r.TryReadTag(out var number, out var wire))
        {
            if (number == 1) seconds = (long)r.ReadVarint();
            else if (number == 2) nanos = (long)r.ReadVarint();
            else r.Skip(wire);
        }
        if (seconds == 0 && nanos == 0)
        {
            // Go's zero time.Time: an unset timestamp, which JSON omits.
            return null;
        }
        var t = DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanos / 100);
        return t.UtcDateTime.ToString(format, CultureInfo.InvariantCulture);
    }
}
