using System.Runtime.CompilerServices;

namespace MiniApiServer.Storage;

/// <summary>
/// The current state of every object, like kube-apiserver's watch cache. Only the writer mutates it, and
/// only after a batch is durable, so a reader never sees an unacknowledged write. A batch is applied under
/// one write lock so a LIST sees either all of a group commit or none of it, and its revision is exact.
/// </summary>
public sealed class ObjectCache
{
    private readonly ReaderWriterLockSlim _lock = new();
    private readonly Dictionary<string, Dictionary<string, StoredObject>> _byResource = new(StringComparer.Ordinal);
    // How many objects of each resource each namespace holds, kept beside the tables so that "does this namespace have
    // any" is one lookup: admission asks it of LimitRanges and ResourceQuotas on every create.
    private readonly Dictionary<string, Dictionary<string, int>> _perNamespace = new(StringComparer.Ordinal);
    private long _revision;

    // Resources whose every change bumps a counter readable without the lock (admission webhooks' configurations, which
    // every write asks about). Copied on registration, which happens a few times at start-up.
    private volatile Dictionary<string, StrongBox<long>> _tracked = new(StringComparer.Ordinal);

    /// <summary>Starts counting changes of <paramref name="resource"/> for <see cref="ChangesOf"/>.</summary>
    public void TrackChanges(string resource)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_tracked.ContainsKey(resource))
            {
                _tracked = new Dictionary<string, StrongBox<long>>(_tracked, StringComparer.Ordinal) { [resource] = new StrongBox<long>(1) };
            }
        }
        finally { _lock.ExitWriteLock(); }
    }

    /// <summary>
    /// A number that changes whenever a tracked resource's objects do (never 0 once tracked), read without a lock: equal
    /// numbers mean the objects a list returned then are still the ones. -1 for a resource not tracked.
    /// </summary>
    public long ChangesOf(string resource) =>
        _tracked.TryGetValue(resource, out var box) ? Volatile.Read(ref box.Value) : -1;

    private void CountChange(string resource)
    {
        var tracked = _tracked;
        if (tracked.Count > 0 && tracked.TryGetValue(resource, out var box))
        {
            Volatile.Write(ref box.Value, box.Value + 1);
        }
    }

    public long Revision
    {
        get
        {
            _lock.EnterReadLock();
            try { return _revision; }
            finally { _lock.ExitReadLock(); }
        }
    }

    public StoredObject? Get(string resource, string @namespace, string name)
    {
        _lock.EnterReadLock();
        try
        {
            return _byResource.TryGetValue(resource, out var table)
                && table.TryGetValue(ObjectKeys.Key(@namespace, name), out var obj) ? obj : null;
        }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>Whether any object of the resource is in the namespace (one lookup, no list).</summary>
    public bool Any(string resource, string @namespace)
    {
        _lock.EnterReadLock();
        try
        {
            return _perNamespace.TryGetValue(resource, out var counts) && counts.ContainsKey(@namespace);
        }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>A consistent snapshot: the matching objects sorted by key, and the revision they reflect.</summary>
    public (List<StoredObject> Items, long Revision) List(string resource, string? @namespace, Func<StoredObject, bool>? filter = null)
    {
        var items = new List<StoredObject>();
        long revision;
        _lock.EnterReadLock();
        try
        {
            revision = _revision;
            if (_byResource.TryGetValue(resource, out var table))
            {
                foreach (var obj in table.Values)
                {
                    if (@namespace is not null && obj.Namespace != @namespace)
                    {
                        continue;
                    }
                    if (filter is null || filter(obj))
                    {
                        items.Add(obj);
                    }
                }
            }
        }
        finally { _lock.ExitReadLock(); }
        items.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return (items, revision);
    }

    /// <summary>Every object of every resource, as of one revision (one read lock), for consumers of all resources.</summary>
    public (List<StoredObject> Items, long Revision) ListAll()
    {
        _lock.EnterReadLock();
        try
        {
            return (_byResource.Values.SelectMany(t => t.Values).ToList(), _revision);
        }
        finally { _lock.ExitReadLock(); }
    }

    public IReadOnlyDictionary<string, int> Counts()
    {
        _lock.EnterReadLock();
        try { return _byResource.ToDictionary(kv => kv.Key, kv => kv.Value.Count); }
        finally { _lock.ExitReadLock(); }
    }

    /// <summary>Replaces everything with a list of the log (at start-up, and at a relist), as one change under the write lock.</summary>
    internal void Reset(IEnumerable<StoredObject> objects, long revision)
    {
        _lock.EnterWriteLock();
        try
        {
            _byResource.Clear();
            _perNamespace.Clear();
            foreach (var box in _tracked.Values)
            {
                Volatile.Write(ref box.Value, box.Value + 1);
            }
            foreach (var obj in objects)
            {
                var table = Table(obj.Resource);
                if (table.TryAdd(obj.Key, obj))
                {
                    Count(obj.Resource, obj.Namespace, +1);
                }
                else
                {
                    table[obj.Key] = obj;
                }
            }
            _revision = revision;
        }
        finally { _lock.ExitWriteLock(); }
    }

    internal void Apply(IReadOnlyList<ObjectChange> changes, long revision)
    {
        _lock.EnterWriteLock();
        try
        {
            foreach (var change in changes)
            {
                CountChange(change.Resource);
                var table = Table(change.Resource);
                if (change.Type == ChangeType.Deleted)
                {
                    if (table.Remove(change.Object.Key, out var gone))
                    {
                        gone.DropSharedModel();
                        Count(change.Resource, gone.Namespace, -1);
                    }
                }
                else
                {
                    if (!table.TryGetValue(change.Object.Key, out var previous))
                    {
                        Count(change.Resource, change.Object.Namespace, +1);
                    }
                    else if (!ReferenceEquals(previous, change.Object))
                    {
                        previous.DropSharedModel();
                    }
                    table[change.Object.Key] = change.Object;
                }
            }
            _revision = revision;
        }
        finally { _lock.ExitWriteLock(); }
    }

    private void Count(string resource, string @namespace, int delta)
    {
        if (!_perNamespace.TryGetValue(resource, out var counts))
        {
            _perNamespace[resource] = counts = new Dictionary<string, int>(StringComparer.Ordinal);
        }
        var now = counts.GetValueOrDefault(@namespace) + delta;
        if (now > 0)
        {
            counts[@namespace] = now;
        }
        else
        {
            counts.Remove(@namespace);
        }
    }

    private Dictionary<string, StoredObject> Table(string resource)
    {
        if (!_byResource.TryGetValue(resource, out var table))
        {
            table = new Dictionary<string, StoredObject>(StringComparer.Ordinal);
            _byResource[resource] = table;
        }
        return table;
    }
}
