using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Resources;
using MiniApiServer.Storage;
using MiniApiServer.Storage.Watching;

namespace MiniApiServer.Controllers.GarbageCollection;

/// <summary>
/// garbagecollector/graph_builder.go: feeds every change of every resource into the dependency graph and
/// hands the uids that need attention to <paramref name="enqueue"/>. Changes are applied in commit order,
/// so when a uid is enqueued the graph already holds every change committed before the one that enqueued it.
/// </summary>
public sealed class GraphBuilder(ObjectStore store, ResourceRegistry registry, DependencyGraph graph, Action<string> enqueue, ILogger logger)
{
    /// <summary>Changes of every resource the graph may fall behind by before it relists.</summary>
    private const int Capacity = 200_000;

    /// <summary>Re-observing is idempotent, so a relist after the feed moved past us (or after a crash) is safe.</summary>
    public Task RunAsync(CancellationToken ct) =>
        Runtime.ListWatchSupervisor.RunAsync("garbage-collector-graph", RunOnceAsync, logger, ct,
            ex => ex is RevisionExpiredException or WatcherTooSlowException);

    private async Task RunOnceAsync(CancellationToken ct)
    {
        // One watch over every resource: the graph needs owners and dependents in commit order, and the
        // list of all resources is one snapshot, so nothing is missed between the list and the watch.
        using var watch = ListWatch.Start(store, new WatchSpec(Resource: null, Capacity: Capacity));
        foreach (var obj in watch.Initial)
        {
            Observe(obj);
        }
        try
        {
            while (await watch.WaitAsync(ct).ConfigureAwait(false))
            {
                while (watch.TryRead(out var e))
                {
                    if (e.Type == WatchEventType.Deleted)
                    {
                        if (e.Object.Index.Uid is { } uid)
                        {
                            Enqueue(graph.Remove(uid));
                        }
                    }
                    else
                    {
                        Observe(e.Object);
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
