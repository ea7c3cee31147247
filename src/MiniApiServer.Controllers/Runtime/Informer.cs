using System.Collections.Concurrent;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Storage;
using MiniApiServer.Storage.Watching;

namespace MiniApiServer.Controllers.Runtime;

/// <summary>
/// A typed, indexed cache of one resource, fed by the change feed (client-go's SharedIndexInformer).
/// It may lag behind any write, including the controller's own: controllers reconcile from what it shows
/// and are requeued by its events (plus expectations where upstream keeps them), never by waiting for it.
/// </summary>
public sealed class Informer<T> : IInformer
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    /// <summary>
    /// Events the informer may fall behind by before it is cut off and relists (upstream's reflector relists
    /// too): bounded so that a stuck handler costs a relist, not the process's memory.
    /// </summary>
    public const int DefaultCapacity = 100_000;

    private readonly ObjectStore _store;
    private readonly ILogger _logger;
    private readonly int _capacity;
    // Writes (Apply) are serialized by _lock so the indexes agree with the items; Get reads without it, because
    // every controller worker calls Get per key and contended on the lock with the feed's Apply (issue [6/6]).
    private readonly Lock _lock = new();
    private readonly Dictionary<string, T> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredObject> _versions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, T> _reads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<T, IEnumerable<string>>> _indexers = [];
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _indexes = [];
    private IInformerHandler<T>[] _handlers = [];
    private IReadOnlyList<T>? _snapshot;
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Informer(ObjectStore store, ResourceType type, ILogger logger, int capacity = DefaultCapacity)
    {
        _capacity = capacity;
        _store = store;
        _logger = logger;
        Type = type;
    }

    public ResourceType Type { get; }

    /// <summary>True once the first list has been delivered (client-go's HasSynced).</summary>
    public bool HasSynced => _synced.Task.IsCompleted;

    public void AddIndex(string name, Func<T, IEnumerable<string>> indexer)
    {
        lock (_lock)
        {
            _indexers[name] = indexer;
            _indexes[name] = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        }
    }

    public void AddHandler(IInformerHandler<T> handler)
    {
        lock (_lock)
        {
            _handlers = [.. _handlers, handler];
        }
    }

    public T? Get(string ns, string name) => _reads.TryGetValue(ObjectKeys.Key(ns, name), out var v) ? v : null;

    public List<T> List()
    {
        lock (_lock)
        {
            return [.. _items.Values];
        }
    }

    /// <summary>
    /// Every item, shared and read-only, rebuilt only after a change (the scheduler cache's UpdateSnapshot,
    /// pkg/scheduler/backend/cache/cache.go, by generation): readers that run per pod, such as a scheduling
    /// cycle, copied all 5,000 nodes each time with <see cref="List"/>.
    /// </summary>
    public IReadOnlyList<T> Snapshot()
    {
        lock (_lock)
        {
            return _snapshot ??= [.. _items.Values];
        }
    }

    public List<T> ByIndex(string index, string value)
    {
        lock (_lock)
        {
            return _indexes[index].TryGetValue(value, out var keys) ? keys.Select(k => _items[k]).ToList() : [];
        }
    }

    /// <summary>The values an index holds items under (client-go's ListIndexFuncValues).</summary>
    public List<string> IndexValues(string index)
    {
        lock (_lock)
        {
            return [.. _indexes[index].Keys];
        }
    }

    /// <summary>Runs until cancelled; a run that dies is logged, counted and restarted with a relist.</summary>
    public Task RunAsync(CancellationToken ct) =>
        ListWatchSupervisor.RunAsync($"{Type.StorageKey}-informer", ListAndWatchAsync, _logger, ct,
            ex => ex is WatcherTooSlowException);

    private async Task ListAndWatchAsync(CancellationToken ct)
    {
        using var watch = ListWatch.Start(_store, new WatchSpec(Type.StorageKey, Capacity: _capacity));
        Replace(watch.Initial.ToList());
        _synced.TrySetResult();
        while (await watch.WaitAsync(ct).ConfigureAwait(false))
        {
            while (watch.TryRead(out var e))
            {
                Apply(e.Type == Storage.Watching.WatchEventType.Deleted ? ChangeType.Deleted : ChangeType.Modified, e.Object);
            }
        }
    }

    /// <summary>The reflector's Replace: a relist updates what is listed and deletes what is cached but gone.</summary>
    private void Replace(List<StoredObject> listed)
    {
        foreach (var obj in listed)
        {
            Apply(ChangeType.Added, obj);
        }
        var keep = listed.Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        List<T> gone;
        lock (_lock)
        {
            gone = _items.Where(kv => !keep.Contains(kv.Key)).Select(kv => kv.Value).ToList();
        }
        foreach (var obj in gone)
        {
            Apply(ChangeType.Deleted, obj, null);
        }
    }

    /// <summary>WaitForCacheSync: completes once the first list has been delivered to the handlers.</summary>
    public Task WaitForSyncAsync(CancellationToken ct) => _synced.Task.WaitAsync(ct);

    private void Apply(ChangeType type, StoredObject stored) => Apply(type, ModelCodec.DecodeShared<T>(stored), stored);

    private void Apply(ChangeType type, T obj, StoredObject? stored)
    {
        var key = KeyOf(obj);
        T? old;
        StoredObject? superseded;
        IInformerHandler<T>[] handlers;
        lock (_lock)
        {
            _items.TryGetValue(key, out old);
            _versions.TryGetValue(key, out superseded);
            if (old is not null)
            {
                Unindex(key, old);
            }
            if (type == ChangeType.Deleted)
            {
                _items.Remove(key);
                _reads.TryRemove(key, out _);
                _versions.Remove(key);
            }
            else
            {
                _items[key] = obj;
                _reads[key] = obj;
                if (stored is not null)
                {
                    _versions[key] = stored;
                }
                Index(key, obj);
            }
            _snapshot = null;
            handlers = _handlers;
        }
        // The version this one replaces is no longer current anywhere (the cache moved on before the feed delivered
        // this), so its shared model would only be held by the watch window; a deleted object's model likewise.
        if (superseded is not null && !ReferenceEquals(superseded, stored))
        {
            superseded.DropSharedModel();
        }
        foreach (var h in handlers)
        {
            Deliver(h, type, old, obj, key);
        }
        if (type == ChangeType.Deleted)
        {
            stored?.DropSharedModel();
        }
    }

    /// <summary>Each handler is isolated: one that throws must not starve the handlers after it or stop the informer.</summary>
    private void Deliver(IInformerHandler<T> handler, ChangeType type, T? old, T obj, string key)
    {
        try
        {
            if (type == ChangeType.Deleted)
            {
                handler.OnDelete(old ?? obj);
            }
            else if (old is null)
            {
                handler.OnAdd(obj);
            }
            else
            {
                handler.OnUpdate(old, obj);
            }
        }
        catch (Exception ex)
        {
            ControllerMetrics.HandlerErrors.WithLabels(Type.StorageKey).Inc();
            _logger.LogError(ex, "{Handler} failed on {Change} of {Resource} {Key}", handler.GetType().Name, type, Type.StorageKey, key);
        }
    }

    private void Index(string key, T obj)
    {
        foreach (var (name, fn) in _indexers)
        {
            foreach (var value in fn(obj))
            {
                var map = _indexes[name];
                if (!map.TryGetValue(value, out var set))
                {
                    map[value] = set = new HashSet<string>(StringComparer.Ordinal);
                }
                set.Add(key);
            }
        }
    }

    private void Unindex(string key, T obj)
    {
        foreach (var (name, fn) in _indexers)
        {
            foreach (var value in fn(obj))
            {
                if (_indexes[name].TryGetValue(value, out var set))
                {
                    set.Remove(key);
                    if (set.Count == 0)
                    {
                        _indexes[name].Remove(value);
                    }
                }
            }
        }
    }

    private static string KeyOf(T obj) => ObjectKeys.Key(obj.Metadata.NamespaceProperty ?? "", obj.Metadata.Name);

}
