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

    public override DateTimeOffset? Next(DateTimeOffset after)
    {
        var ticks = Delay.Ticks - (after.UtcTicks % TimeSpan.TicksPerSecond);
        // Past year 9999 there is no next time (Go's would wrap); none is due.
        return after.UtcTicks > DateTimeOffset.MaxValue.UtcTicks - ticks ? null : after.AddTicks(ticks);
    }
}
