using System.Collections.Concurrent;

namespace MiniApiServer.Http;

/// <summary>
/// Deadline token sources for the timeout filter, reused across requests: every non-long-running request needs one,
/// and two fresh sources plus a timer per request were 5% of the server's allocated bytes under a create load. A
/// source goes back only if it was never cancelled (TryReset stops its timer); a cancelled one may still be watched
/// by an abandoned handler, so it is dropped.
/// </summary>
public sealed class RequestDeadlines(TimeProvider time, int capacity = 256)
{
    private readonly ConcurrentQueue<CancellationTokenSource> _idle = new();
    private int _count;

    /// <summary>A source that cancels after <paramref name="timeout"/> on the server's clock.</summary>
    public CancellationTokenSource Rent(TimeSpan timeout)
    {
        if (_idle.TryDequeue(out var cts))
        {
            Interlocked.Decrement(ref _count);
        }
        else
        {
            // Built with the clock, so CancelAfter keeps using it when the source is reused.
            cts = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        }
        cts.CancelAfter(timeout);
        return cts;
    }

    /// <summary>Called once the request is answered and nothing holds the token any more.</summary>
    public void Return(CancellationTokenSource cts)
    {
        if (cts.TryReset())
        {
            if (Interlocked.Increment(ref _count) <= capacity)
            {
                _idle.Enqueue(cts);
                return;
            }
            Interlocked.Decrement(ref _count);
        }
        cts.Dispose();
    }
}
