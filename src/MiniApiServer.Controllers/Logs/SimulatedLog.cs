namespace MiniApiServer.Controllers.Logs;

/// <summary>
/// The log of one simulated container run, as a pure function of the run: a start line at the start, then a line
/// every interval (cycling through the user's script when there is one), then an exit line if it ended. Line k is
/// computed directly, so a tail or a since-filter of a week-old container costs the same as of a new one.
/// </summary>
public sealed class SimulatedLog(ContainerRun run, TimeSpan interval, IReadOnlyList<string> script)
{
    /// <summary>Lines written by a container that keeps running until <paramref name="now"/>.</summary>
    public long CountAt(DateTimeOffset now)
    {
        var end = run.Finished is { } f && f < now ? f : now;
        if (end < run.Started)
        {
            return 0;
        }
        var ticks = 1 + (long)((end - run.Started).Ticks / interval.Ticks);
        return run.Finished is { } finished && finished <= now ? ticks + 1 : ticks;
    }

    /// <summary>The index of the first line written at or after <paramref name="since"/>.</summary>
    public long FirstAtOrAfter(DateTimeOffset since)
    {
        if (since <= run.Started)
        {
            return 0;
        }
        var k = (since - run.Started).Ticks / interval.Ticks;
        return Line(k).Time >= since ? k : k + 1;
    }

    /// <summary>When the next line after the first <paramref name="count"/> appears; null once the run has ended.</summary>
    public DateTimeOffset? NextAfter(long count) =>
        run.Finished is not null && count >= CountAt(DateTimeOffset.MaxValue) ? null : Line(count).Time;

    public LogLine Line(long k)
    {
        var periodic = run.Started + TimeSpan.FromTicks(interval.Ticks * k);
        if (run.Finished is { } finished && periodic > finished)
        {
            return new LogLine(finished, $"container {run.Container} exited with code {run.ExitCode ?? 0} ({run.Reason ?? "Completed"})");
        }
        if (k == 0)
        {
            return new LogLine(run.Started, $"starting container {run.Container} (image {run.Image}) on simulated node {run.Node}");
        }
        var text = script.Count > 0
            ? script[(int)((k - 1) % script.Count)]
            : $"level=info container={run.Container} node={run.Node} seq={k} msg=\"simulated container is running\"";
        return new LogLine(periodic, text);
    }
}
