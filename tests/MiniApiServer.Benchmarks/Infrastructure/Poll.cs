using System.Diagnostics;

namespace MiniApiServer.Benchmarks.Infrastructure;

/// <summary>
/// A wait for server state a scenario does not watch: read it until it holds or a deadline passes. The interval is the
/// reading's granularity, short enough that what a scenario times (a failover's first reconcile) is not rounded up by it.
/// </summary>
public static class Poll
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> holds, TimeSpan timeout, Func<T, string> timedOut)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var value = await read().ConfigureAwait(false);
            if (holds(value))
            {
                return value;
            }
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException(timedOut(value));
            }
            await Task.Delay(Interval).ConfigureAwait(false);
        }
    }
}
