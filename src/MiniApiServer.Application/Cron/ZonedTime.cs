namespace MiniApiServer.Application.Cron;

/// <summary>
/// An instant with its wall clock in one zone, with the arithmetic of Go's time package that robfig/cron's Next relies
/// on: Add moves the instant, AddDate and Date move the wall clock and normalize it as time.Date does (a wall time
/// in a spring-forward gap lands after the gap; an ambiguous one in the first, daylight, occurrence).
/// </summary>
internal readonly struct ZonedTime
{
    public ZonedTime(DateTime utc, TimeZoneInfo zone)
    {
        Utc = DateTime.SpecifyKind(utc, DateTimeKind.Utc);
        Zone = zone;
        Local = TimeZoneInfo.ConvertTimeFromUtc(Utc, zone);
    }

    public DateTime Utc { get; }

    public TimeZoneInfo Zone { get; }

    public DateTime Local { get; }

    /// <summary>time.Date: out-of-range months and days roll over into the next ones.</summary>
    public static ZonedTime Date(int year, int month, int day, int hour, int minute, int second, TimeZoneInfo zone)
    {
        var wall = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(month - 1).AddDays(day - 1)
            .AddHours(hour).AddMinutes(minute).AddSeconds(second);
        // Go's Date: the offset in force at the wall time read as UTC, corrected once if the instant it gives has another.
        var offset = zone.GetUtcOffset(wall);
        if (offset != TimeSpan.Zero)
        {
            var actual = zone.GetUtcOffset(wall - offset);
            if (actual != offset)
            {
                offset = actual;
            }
        }
        return new ZonedTime(wall - offset, zone);
    }

    public ZonedTime AddDate(int months, int days) =>
        Date(Local.Year, Local.Month + months, Local.Day + days, Local.Hour, Local.Minute, Local.Second, Zone);

    public ZonedTime Add(TimeSpan span) => new(Utc + span, Zone);

    /// <summary>time.Truncate rounds the instant down (not the wall clock); equal for zones with whole-minute offsets.</summary>
    public ZonedTime Truncate(TimeSpan unit) => new(new DateTime(Utc.Ticks - (Utc.Ticks % unit.Ticks), DateTimeKind.Utc), Zone);
}
