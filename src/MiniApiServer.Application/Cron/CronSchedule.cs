namespace MiniApiServer.Application.Cron;

/// <summary>robfig/cron v3's Schedule: the activation times of a parsed spec.</summary>
public abstract class CronSchedule
{
    /// <summary>
    /// The first activation strictly after <paramref name="after"/> (whole seconds), or null where robfig/cron returns
    /// the zero time: a spec with no time within five years ("0 0 30 2 *").
    /// </summary>
    public abstract DateTimeOffset? Next(DateTimeOffset after);
}
