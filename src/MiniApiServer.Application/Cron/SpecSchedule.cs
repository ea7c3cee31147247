namespace MiniApiServer.Application.Cron;

/// <summary>
/// robfig/cron v3 spec.go SpecSchedule: one bit per allowed value of each field, matched in the schedule's zone.
/// Next walks month, day, hour, minute, second, each time resetting the smaller fields, and starts over whenever a
/// field wraps; it gives up after five years.
/// </summary>
internal sealed class SpecSchedule(ulong second, ulong minute, ulong hour, ulong dayOfMonth, ulong month, ulong dayOfWeek, TimeZoneInfo zone)
    : CronSchedule
{
    public override DateTimeOffset? Next(DateTimeOffset after)
    {
        var utc = after.UtcDateTime;
        var t = new ZonedTime(new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc).AddSeconds(1), zone);
        var added = false;
        var yearLimit = t.Local.Year + 5;
        while (t.Local.Year <= yearLimit)
        {
            if (FindMonth(ref t, ref added) && FindDay(ref t, ref added) && FindHour(ref t, ref added)
                && FindUnit(ref t, ref added, TimeSpan.FromMinutes(1), minute, l => l.Minute)
                && FindUnit(ref t, ref added, TimeSpan.FromSeconds(1), second, l => l.Second))
            {
                return new DateTimeOffset(t.Utc);
            }
        }
        return null;
    }

    // Each Find returns false when its field wrapped around, and the walk starts over from the month.
    private bool FindMonth(ref ZonedTime t, ref bool added)
    {
        while (((1UL << t.Local.Month) & month) == 0)
        {
            if (!added)
            {
                added = true;
                t = ZonedTime.Date(t.Local.Year, t.Local.Month, 1, 0, 0, 0, zone);
            }
            t = t.AddDate(1, 0);
            if (t.Local.Month == 1)
            {
                return false;
            }
        }
        return true;
    }

    private bool FindDay(ref ZonedTime t, ref bool added)
    {
        while (!DayMatches(t.Local))
        {
            if (!added)
            {
                added = true;
                t = ZonedTime.Date(t.Local.Year, t.Local.Month, t.Local.Day, 0, 0, 0, zone);
            }
            t = t.AddDate(0, 1);
            // Where DST moved midnight (Sao Paulo), the day starts an hour off: go back to the day's first hour.
            var h = t.Local.Hour;
            if (h != 0)
            {
                t = t.Add(TimeSpan.FromHours(h > 12 ? 24 - h : -h));
            }
            if (t.Local.Day == 1)
            {
                return false;
            }
        }
        return true;
    }

    private bool FindHour(ref ZonedTime t, ref bool added)
    {
        while (((1UL << t.Local.Hour) & hour) == 0)
        {
            if (!added)
            {
                added = true;
                t = ZonedTime.Date(t.Local.Year, t.Local.Month, t.Local.Day, t.Local.Hour, 0, 0, zone);
            }
            t = t.Add(TimeSpan.FromHours(1));
            if (t.Local.Hour == 0)
            {
                return false;
            }
        }
        return true;
    }

    private static bool FindUnit(ref ZonedTime t, ref bool added, TimeSpan unit, ulong bits, Func<DateTime, int> field)
    {
        while (((1UL << field(t.Local)) & bits) == 0)
        {
            if (!added)
            {
                added = true;
                t = t.Truncate(unit);
            }
            t = t.Add(unit);
            if (field(t.Local) == 0)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Day-of-month and day-of-week are ORed, as in Vixie cron, unless either was written as "*": then both must match
    /// (so "0 0 * * MON" runs on Mondays only, and "0 0 13 * FRI" on the 13th and on every Friday).
    /// </summary>
    private bool DayMatches(DateTime local)
    {
        var domMatch = ((1UL << local.Day) & dayOfMonth) != 0;
        var dowMatch = ((1UL << (int)local.DayOfWeek) & dayOfWeek) != 0;
        if ((dayOfMonth & CronBounds.StarBit) != 0 || (dayOfWeek & CronBounds.StarBit) != 0)
        {
            return domMatch && dowMatch;
        }
        return domMatch || dowMatch;
    }
}
