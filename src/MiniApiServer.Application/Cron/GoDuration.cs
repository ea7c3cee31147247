using System.Globalization;

namespace MiniApiServer.Application.Cron;

/// <summary>Go's time.ParseDuration ("1h30m", "90s", "1.5h"), with its error messages, for "@every".</summary>
public static class GoDuration
{
    private static readonly (string Unit, double Ticks)[] Units =
    [
        ("ns", 0.01), ("us", 10), ("µs", 10), ("μs", 10), ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond), ("m", TimeSpan.TicksPerMinute), ("h", TimeSpan.TicksPerHour),
    ];

    public static TimeSpan Parse(string text)
    {
        var quoted = $"\"{text}\"";
        var s = text;
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s == "0")
        {
            return TimeSpan.Zero;
        }
        if (s.Length == 0)
        {
            throw new FormatException($"time: invalid duration {quoted}");
        }
        double ticks = 0;
        while (s.Length > 0)
        {
            var digits = 0;
            while (digits < s.Length && (char.IsAsciiDigit(s[digits]) || s[digits] == '.'))
            {
                digits++;
            }
            var number = s[..digits];
            if (number.Length == 0 || number == "." || number.Count(c => c == '.') > 1)
            {
                throw new FormatException($"time: invalid duration {quoted}");
            }
            s = s[digits..];
            var unitLength = 0;
            while (unitLength < s.Length && s[unitLength] != '.' && !char.IsAsciiDigit(s[unitLength]))
            {
                unitLength++;
            }
            if (unitLength == 0)
            {
                throw new FormatException($"time: missing unit in duration {quoted}");
            }
            var unit = s[..unitLength];
            s = s[unitLength..];
            var scale = Units.FirstOrDefault(u => u.Unit == unit).Ticks;
            if (scale == 0)
            {
                throw new FormatException($"time: unknown unit \"{unit}\" in duration {quoted}");
            }
            ticks += double.Parse(number, CultureInfo.InvariantCulture) * scale;
            // Go's Duration is int64 nanoseconds: about 292 years.
            if (ticks > long.MaxValue / 100.0)
            {
                throw new FormatException($"time: invalid duration {quoted}");
            }
        }
        return TimeSpan.FromTicks((long)(negative ? -ticks : ticks));
    }
}
