namespace MiniApiServer.Application.Cron;

/// <summary>robfig/cron v3 constantdelay.go: "@every d" fires every d, at least a second, rounded down to whole seconds.</summary>
internal sealed class ConstantDelaySchedule : CronSchedule
{
    public ConstantDelaySchedule(TimeSpan delay)
    {
        if (delay < TimeSpan.FromSeconds(1))
        {
            delay = TimeSpan.FromSeconds(1);
        }
        Delay = TimeSpan.FromTicks(delay.Ticks - (delay.Ticks % TimeSpan.TicksPerSecond));
    }

    public TimeSpan Delay { get; }

    public override DateTimeOffset? Next(DateTimeOffset after) =>
        after.AddTicks(Delay.Ticks - (after.UtcTicks % TimeSpan.TicksPerSecond));
}
