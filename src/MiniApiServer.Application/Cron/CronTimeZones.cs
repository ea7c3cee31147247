namespace MiniApiServer.Application.Cron;

/// <summary>Go's time.LoadLocation over the system's IANA database: "" and "UTC" are UTC, "Local" the process's zone, anything else a tz file.</summary>
public static class CronTimeZones
{
    /// <summary>The zone, or null with Go's message ("unknown time zone X").</summary>
    public static TimeZoneInfo? Find(string name, out string? error)
    {
        error = null;
        if (name is "" or "UTC")
        {
            return TimeZoneInfo.Utc;
        }
        if (name == "Local")
        {
            return TimeZoneInfo.Local;
        }
        // .NET also maps Windows ids ("Eastern Standard Time"); Go knows only the tz database's file names.
        if (name.Contains(' ', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal))
        {
            error = $"unknown time zone {name}";
            return null;
        }
        try
        {
            // .NET's zone cache ignores case ("utc", "europe/paris" once "Europe/Paris" was loaded); Go's tz files do not.
            var zone = TimeZoneInfo.FindSystemTimeZoneById(name);
            if (!string.Equals(zone.Id, name, StringComparison.Ordinal))
            {
                error = $"unknown time zone {name}";
                return null;
            }
            return zone;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            error = $"unknown time zone {name}";
            return null;
        }
    }
}
