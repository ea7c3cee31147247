using k8s;
using k8s.Models;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Storage;

namespace MiniApiServer.Controllers.Runtime;

/// <summary>
/// A typed, indexed cache of one resource, fed by the change feed (client-go's SharedIndexInformer).
/// It reads every change of every resource so that <see cref="ProcessedRevision"/> advances with the
/// store; a reconcile can then wait until the cache reflects everything committed before it started,
/// which replaces upstream's expectations bookkeeping with read-your-writes.
/// </summary>
public sealed class Informer<T> : IInformer
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ObjectStore _store;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, T> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<T, IEnumerable<string>>> _indexers = [];
    private readonly Dictionary<string, Dictionary<string, HashSet<string>>> _indexes = [];
    private readonly List<IInformerHandler<T>> _handlers = [];
    private long _processed;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Informer(ObjectStore store, ResourceType type)
    {
        _store = store;
        Type = type;
    }

    public ResourceType Type { get; }

    public long ProcessedRevision => Interlocked.Read(ref _processed);

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
            _handlers.Add(handler);
        }
    }

    public T? Get(string ns, string name)
    {
        lock (_lock)
        {
            return _items.TryGetValue(ObjectKeys.Key(ns, name), out var v) ? v : null;
        }
    }

    public List<T> List()
    {
        lock (_lock)
        {
            return [.. _items.Values];
        }
    }

    public List<T> ByIndex(string index, string value)
    {
        lock (_lock)
        {
            return _indexes[index].TryGetValue(value, out var keys) ? keys.Select(k => _items[k]).ToList() : [];
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        var (initial, revision) = _store.Cache.List(Type.StorageKey, null);
        using var sub = _store.Feed.Subscribe(null, revision, capacity: null);
        foreach (var obj in initial)
        {
            Apply(ChangeType.Added, Decode(obj));
        }
        Advance(revision);
        try
        {
            while (await sub.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                while (sub.Reader.TryRead(out var change))
                {
                    if (change.Resource == Type.StorageKey)
                    {
                        Apply(change.Type, Decode(change.Object));
                    }
                    Advance(change.Revision);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Completes once every change up to <paramref name="revision"/> has been applied.</summary>
    public async Task WaitForRevisionAsync(long revision, CancellationToken ct)
    {
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

    private void Advance(long revision)
    {
        TaskCompletionSource done;
        lock (_lock)
        {
            Interlocked.Exchange(ref _processed, revision);
            done = _progress;
            _progress = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        done.TrySetResult();
    }

    private void Apply(ChangeType type, T obj)
    {
        var key = ObjectKeys.Key(obj.Metadata.NamespaceProperty ?? "", obj.Metadata.Name);
        T? old;
        IInformerHandler<T>[] handlers;
        lock (_lock)
        {
            _items.TryGetValue(key, out old);
            if (old is not null)
            {
                Unindex(key, old);
            }
            if (type == ChangeType.Deleted)
            {
                _items.Remove(key);
            }
            else
            {
                _items[key] = obj;
                Index(key, obj);
            }
            handlers = [.. _handlers];
        }
        foreach (var h in handlers)
        {
            if (type == ChangeType.Deleted)
            {
                h.OnDelete(old ?? obj);
            }
            else if (old is null)
            {
                h.OnAdd(obj);
            }
            else
            {
                h.OnUpdate(old, obj);
            }
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

    private static T Decode(StoredObject obj) => ModelCodec.Decode<T>(obj.Json);
}
