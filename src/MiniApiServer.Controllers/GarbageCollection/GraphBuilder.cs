using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Resources;
using MiniApiServer.Storage;

namespace MiniApiServer.Controllers.GarbageCollection;

/// <summary>
/// garbagecollector/graph_builder.go: feeds every change of every resource into the dependency graph and
/// hands the uids that need attention to <paramref name="enqueue"/>. Changes are applied in commit order,
/// so when a uid is enqueued the graph already holds every change committed before the one that enqueued it.
/// </summary>
public sealed class GraphBuilder(ObjectStore store, ResourceRegistry registry, DependencyGraph graph, Action<string> enqueue, ILogger logger)
{
    /// <summary>Re-observing is idempotent, so a relist after the feed moved past us (or after a crash) is safe.</summary>
    public Task RunAsync(CancellationToken ct) =>
        Runtime.ListWatchSupervisor.RunAsync("garbage-collector-graph", RunOnceAsync, logger, ct,
            ex => ex is RevisionExpiredException or WatcherTooSlowException);

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
}
