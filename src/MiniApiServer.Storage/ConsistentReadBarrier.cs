namespace MiniApiServer.Storage;

/// <summary>
/// Concurrent consistent reads share one catch-up with the database's committed revision. A reader joins the next
/// catch-up to start, never one already in flight: that one may have read the revision before this reader arrived,
/// and would then miss a write acknowledged to the reader's client just before (what a consistent read exists to
/// see). So at most one catch-up runs and one more is queued, however many readers wait, and no waiting reader holds
/// a thread: 64 request threads each blocked on its own revision read, or on a shared lock, starved the thread pool
/// for seconds (docs/benchmarks.md, session 5).
/// </summary>
public sealed class ConsistentReadBarrier(Func<Task> catchUp)
{
    private readonly Lock _gate = new();
    private bool _running;
    private TaskCompletionSource? _queued;

    public Task WaitAsync()
    {
        TaskCompletionSource group;
        lock (_gate)
        {
            if (_queued is { } waiting)
            {
                return waiting.Task;
            }
            group = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_running)
            {
                _queued = group;
                return group.Task;
            }
            _running = true;
        }
        _ = RunAsync(group);
        return group.Task;
    }

    private async Task RunAsync(TaskCompletionSource group)
    {
        for (TaskCompletionSource? next = group; next is not null;)
        {
            try
            {
                await catchUp().ConfigureAwait(false);
                next.TrySetResult();
            }
            catch (Exception ex)
            {
                next.TrySetException(ex);
            }
            lock (_gate)
            {
                next = _queued;
                _queued = null;
                _running = next is not null;
            }
        }
    }
}
