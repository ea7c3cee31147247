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
    private readonly Dictionary<string, InformerEntry<T>> _items = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, InformerEntry<T>> _reads = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<T, IEnumerable<string>>> _indexers = [];
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _indexes = [];
    private IInformerHandler<T>[] _handlers = [];
    private IReadOnlyList<T>? _snapshot;
    private int _running;
    private volatile TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

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

    /// <summary>
    /// Which new objects a controller of this process will read (through Get, List or an index): they keep the model
    /// the feed delivered. The others keep only the store's bytes until a first read decodes them, or until they
    /// change. Unset, every object keeps its model, as client-go's indexer keeps every object it lists.
    /// </summary>
    public Func<T, bool>? ReadByControllers { get; set; }

    public void AddHandler(IInformerHandler<T> handler)
    {
        lock (_lock)
        {
            _handlers = [.. _handlers, handler];
        }
    }

    public T? Get(string ns, string name) => _reads.TryGetValue(ObjectKeys.Key(ns, name), out var e) ? e.Model() : null;

    public List<T> List()
    {
        InformerEntry<T>[] unread;
        lock (_lock)
        {
            if (ModelsIfRead(_items.Values, _items.Count) is { } models)
            {
                return models;
            }
            unread = [.. _items.Values];
        }
        return Models(unread, unread.Length);
    }

    /// <summary>
    /// Every item, shared and read-only, rebuilt only after a change (the scheduler cache's UpdateSnapshot,
    /// pkg/scheduler/backend/cache/cache.go, by generation): readers that run per pod, such as a scheduling
    /// cycle, copied all 5,000 nodes each time with <see cref="List"/>.
    /// </summary>
    public IReadOnlyList<T> Snapshot()
    {
        InformerEntry<T>[] unread;
        lock (_lock)
        {
            if (_snapshot is { } snapshot)
            {
                return snapshot;
            }
            if (ModelsIfRead(_items.Values, _items.Count) is { } models)
            {
                return _snapshot = models;
            }
            unread = [.. _items.Values];
        }
        // Not kept: the next call finds every entry read and keeps that one.
        return Models(unread, unread.Length);
    }

    public List<T> ByIndex(string index, string value)
    {
        InformerEntry<T>[] unread;
        lock (_lock)
        {
            if (!_indexes[index].TryGetValue(value, out var keys))
            {
                return [];
            }
            if (ModelsIfRead(keys.Select(k => _items[k]), keys.Count) is { } models)
            {
                return models;
            }
            unread = [.. keys.Select(k => _items[k])];
        }
        return Models(unread, unread.Length);
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
    public async Task RunAsync(CancellationToken ct)
    {
        // One feed at a time: Apply relies on being the only writer (the entry it reads before the lock is current).
        // A stopped run must have ended before the next starts, as InformerActivation awaits it.
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException($"the {Type.StorageKey} informer is already running");
        }
        try
        {
            await ListWatchSupervisor.RunAsync($"{Type.StorageKey}-informer", ListAndWatchAsync, _logger, ct,
                ex => ex is WatcherTooSlowException).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

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

    /// <summary>
    /// The reflector's Replace: a relist updates what is listed and deletes what is cached but gone. A version the cache
    /// already holds is left as it is, as upstream's handlers drop an update whose resourceVersion did not change
    /// (daemon_controller.go updatePod): after a stop, only what changed meanwhile is decoded and delivered.
    /// </summary>
    private void Replace(List<StoredObject> listed)
    {
        foreach (var obj in listed)
        {
            if (_reads.TryGetValue(obj.Key, out var cached) && cached.Version.ResourceVersion == obj.ResourceVersion)
            {
                continue;
            }
            Apply(ChangeType.Added, obj);
        }
        var keep = listed.Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        List<InformerEntry<T>> gone;
        lock (_lock)
        {
            gone = _items.Where(kv => !keep.Contains(kv.Key)).Select(kv => kv.Value).ToList();
        }
        foreach (var obj in Models(gone, gone.Count))
        {
            Apply(ChangeType.Deleted, obj, null);
        }
    }

    /// <summary>WaitForCacheSync: completes once the first list has been delivered to the handlers.</summary>
    public Task WaitForSyncAsync(CancellationToken ct) => _synced.Task.WaitAsync(ct);

    // The cached items stay: the next run's list is a relist (Replace), so handlers see updates and deletes against
    // what they saw last, never a second add of an object they already know.
    public void ExpectRelist()
    {
        if (_synced.Task.IsCompleted)
        {
            _synced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void ReleaseModels()
    {
        lock (_lock)
        {
            foreach (var entry in _items.Values)
            {
                entry.Release();
            }
            _snapshot = null;
        }
    }

    private void Apply(ChangeType type, StoredObject stored) => Apply(type, ModelCodec.DecodeShared<T>(stored), stored);

    // Only the feed's loop calls this (Replace runs on it too), so the entry read before the lock is still the
    // current one inside it; readers on other threads only ever fill an entry's model.
    private void Apply(ChangeType type, T obj, StoredObject? stored)
    {
        var key = KeyOf(obj);
        _reads.TryGetValue(key, out var current);
        var old = current?.Model();
        // From an object's first change on it keeps its model, as every version did before: what changes is what
        // controllers reconcile, and an update's base is its model.
        var keepModel = current is not null || ReadByControllers is not { } readByControllers || readByControllers(obj);
        var entry = type == ChangeType.Deleted || stored is null ? null : new InformerEntry<T>(stored, keepModel ? obj : null);
        IInformerHandler<T>[] handlers;
        lock (_lock)
        {
            if (old is not null)
            {
                Unindex(key, old);
            }
            if (entry is null)
            {
                _items.Remove(key);
                _reads.TryRemove(key, out _);
            }
            else
            {
                _items[key] = entry;
                _reads[key] = entry;
                Index(key, obj);
            }
            _snapshot = null;
            handlers = _handlers;
        }
        // The version this one replaces is no longer current anywhere (the cache moved on before the feed delivered
        // this), so its shared model would only be held by the watch window; a deleted object's model likewise.
        if (current?.Version is { } superseded && !ReferenceEquals(superseded, stored))
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
        else if (entry is not null && !keepModel)
        {
            // Kept as the store's bytes until someone reads it: a pod that no controller here will read (another
            // scheduler's, not yet bound, owned by nothing) would otherwise hold ~80 objects that every gen0 and gen1
            // collection marks and copies. Handlers that ran above had the model; a reader since has put it in the entry.
            entry.ReleaseUnread();
        }
    }

    private static List<T> Models(IEnumerable<InformerEntry<T>> entries, int count)
    {
        var models = new List<T>(count);
        foreach (var e in entries)
        {
            models.Add(e.Model());
        }
        return models;
    }

    // Under the lock, while every entry has its model; a first read decodes outside it instead, so that reading many
    // unread objects (a selector over a namespace of bare pods) does not hold the feed back.
    private static List<T>? ModelsIfRead(IEnumerable<InformerEntry<T>> entries, int count)
    {
        var models = new List<T>(count);
        foreach (var e in entries)
        {
            if (e.ModelIfRead is not { } model)
            {
                return null;
            }
            models.Add(model);
        }
        return models;
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
