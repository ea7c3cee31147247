using MiniApiServer.Storage;
using MiniApiServer.Storage.Watching;

namespace MiniApiServer.Controllers.Runtime;

/// <summary>
/// Queues the name of every cluster-scoped object a watch lists or sees added or changed: the whole informer
/// a controller keyed by object name needs (its reconcile reads the cache, so deletions need no key).
/// </summary>
public static class NameWatchFeed
{
    public static async Task RunAsync(ObjectStore store, WatchSpec spec, WorkQueue<string> queue, CancellationToken ct)
    {
        using var watch = ListWatch.Start(store, spec);
        foreach (var obj in watch.Initial)
        {
            queue.Add(obj.Name);
        }
        while (await watch.WaitAsync(ct).ConfigureAwait(false))
        {
            while (watch.TryRead(out var e))
            {
                if (e.Type != WatchEventType.Deleted)
                {
                    queue.Add(e.Object.Name);
                }
            }
        }
    }
}
