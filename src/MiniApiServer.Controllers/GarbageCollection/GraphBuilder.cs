using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Resources;
using MiniApiServer.Storage;

namespace MiniApiServer.Controllers.GarbageCollection;

/// <summary>
/// garbagecollector/graph_builder.go: feeds every change of every resource into the dependency graph and
/// hands the uids that need attention to <paramref name="enqueue"/>. It tracks the last revision applied
/// so a worker can wait until the graph reflects every committed write, including its own.
/// </summary>
public sealed class GraphBuilder(ObjectStore store, ResourceRegistry registry, DependencyGraph graph, Action<string> enqueue, ILogger logger)
{
    private readonly Lock _lock = new();
    private long _processed;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long ProcessedRevision => Interlocked.Read(ref _processed);

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(ct).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (ex is RevisionExpiredException or WatcherTooSlowException)
            {
                // The feed moved past us; relist. Re-observing is idempotent.
                logger.LogWarning("garbage collector graph relisting: {Message}", ex.Message);
            }
        }
    }

    /// <summary>Completes once the graph has applied every change committed so far.</summary>
    public async Task SyncAsync(CancellationToken ct)
    {
        var revision = store.Revision;
        while (ProcessedRevision < revision)
        {
            Task wait;
            lock (_lock)
            {
                if (ProcessedRevision >= revision)
                {
                    return;
                }
                wait = _progress.Task;
            }
            await wait.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    private async Task RunOnceAsync(CancellationToken ct)
    {
        // Listing types one by one is not one snapshot, so replay the feed from before the first list:
        // changes seen twice converge to the latest state.
        var from = store.Revision;
        var initial = registry.Types.SelectMany(t => store.Cache.List(t.StorageKey, null).Items).ToList();
        using var sub = store.Feed.Subscribe(null, from, capacity: null);
        foreach (var obj in initial)
        {
            Observe(obj);
        }
        Advance(from);
        try
        {
            while (await sub.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                while (sub.Reader.TryRead(out var change))
                {
                    if (change.Type == ChangeType.Deleted)
                    {
                        if (change.Object.Index.Uid is { } uid)
                        {
                            Enqueue(graph.Remove(uid));
                        }
                    }
                    else
                    {
                        Observe(change.Object);
                    }
                    Advance(change.Revision);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private void Observe(StoredObject stored)
    {
        if (ObservedObject.From(stored, registry) is { } obj)
        {
            Enqueue(graph.Observe(obj));
        }
    }

    private void Enqueue(List<string> uids)
    {
        foreach (var uid in uids)
        {
            enqueue(uid);
        }
    }

    private void Advance(long revision)
    {
        TaskCompletionSource done;
        lock (_lock)
        {
            if (revision > _processed)
            {
                Interlocked.Exchange(ref _processed, revision);
            }
            done = _progress;
            _progress = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        done.TrySetResult();
    }
}
