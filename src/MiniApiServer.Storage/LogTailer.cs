namespace MiniApiServer.Storage;

/// <summary>
/// Feeds the cache and the change feed from the committed log, in revision order: the one way a change
/// becomes visible to readers, whether this process wrote it or another one did. Local commits pass their
/// already-indexed objects as a hint, so reading the log back costs a row copy, not a second JSON parse;
/// the row stays the source of truth for what was committed and at which revision.
/// </summary>
public sealed class LogTailer(IStorageBackend backend, IObjectIndexer indexer, ObjectCache cache, ChangeFeed feed, long fromRevision)
{
    private const int PageSize = 1000;
    private readonly Lock _gate = new();
    private long _applied = fromRevision;

    public long Revision => Volatile.Read(ref _applied);

    /// <summary>Raised after a relist, with the revision the tailer had reached and the one the relist read.</summary>
    public event Action<long, long>? Relisted;

    /// <summary>Applies every log row after the last applied revision; returns the revision now applied.</summary>
    public long CatchUp(IReadOnlyDictionary<long, StoredObject>? local = null)
    {
        lock (_gate)
        {
            ApplyLogThrough(long.MaxValue, local);
            return _applied;
        }
    }

    /// <summary>
    /// A batch this process just committed, applied without reading it back when its revisions directly follow the
    /// last applied one: the revision counter, advanced in the commit's transaction, gave these revisions to this
    /// batch alone, so the log holds exactly these rows there. When another replica committed in between, the
    /// log is read up to this batch, not this batch back: with replicas writing in turn that is every batch, and
    /// reading its own rows again cost each a second page of bytes on the writer's way to answering its callers. For a
    /// single writer on PostgreSQL the first case saves a round trip per batch before its writers are answered.
    /// </summary>
    public long ApplyCommitted(IReadOnlyList<LogRow> rows, IReadOnlyDictionary<long, StoredObject> local)
    {
        lock (_gate)
        {
            if (rows.Count == 0 || rows[^1].Revision != rows[0].Revision + rows.Count - 1)
            {
                return CatchUp(local);
            }
            if (rows[0].Revision > _applied + 1 && !ApplyLogThrough(rows[0].Revision - 1, null))
            {
                return _applied;
            }
            if (rows[0].Revision == _applied + 1)
            {
                Apply(rows, local);
                return _applied;
            }
            return CatchUp(local);
        }
    }

    /// <summary>
    /// Applies the log's rows up to <paramref name="revision"/> (all there are for long.MaxValue); false after a relist
    /// (a hole compaction made), which read everything.
    /// </summary>
    private bool ApplyLogThrough(long revision, IReadOnlyDictionary<long, StoredObject>? local)
    {
        while (_applied < revision)
        {
            var page = (int)Math.Min(PageSize, revision - _applied);
            var rows = backend.ReadLog(_applied, page);
            if (Skips(rows))
            {
                Relist();
                return false;
            }
            Apply(rows, local);
            if (rows.Count < page)
            {
                break;
            }
        }
        return true;
    }

    /// <summary>
    /// Catches up until <paramref name="revision"/> is applied. Concurrent readers waiting for the same revision
    /// find it applied by the first one and skip their own (empty) log read.
    /// </summary>
    public void CatchUpThrough(long revision)
    {
        if (Revision >= revision)
        {
            return;
        }
        lock (_gate)
        {
            if (_applied < revision)
            {
                CatchUp();
            }
            // The counter says the log reached this revision, yet its last rows were not there to read: deletions
            // another replica compacted away before this one read them.
            if (_applied < revision)
            {
                Relist();
            }
        }
    }

    /// <summary>
    /// Every committed write takes the next revision and writes its row in the same transaction, so the log has no
    /// holes but the ones compaction makes. A hole after the last applied revision means another replica compacted
    /// rows this tailer never read (it was cut off from the database, or stalled): a superseded version it can do
    /// without, but maybe a deletion, which would leave the object in this cache for good.
    /// </summary>
    private bool Skips(IReadOnlyList<LogRow> rows)
    {
        var expected = _applied + 1;
        foreach (var row in rows)
        {
            if (row.Revision != expected)
            {
                return true;
            }
            expected++;
        }
        return false;
    }

    /// <summary>
    /// What the reflector does when its watch is too old (client-go's reflector.go, the cacher's relist): read the
    /// whole state again and start over. The cache is replaced at once; every watch is cut off and resumes from its
    /// last revision, or gets 410 Gone if that is older than what the log still holds.
    /// </summary>
    private void Relist()
    {
        var from = _applied;
        var revision = Fill(backend, indexer, cache, feed);
        Volatile.Write(ref _applied, revision);
        Relisted?.Invoke(from, revision);
    }

    /// <summary>The cache and the feed replaced by a listing of the database, at start-up and at a relist; returns its revision.</summary>
    public static long Fill(IStorageBackend backend, IObjectIndexer indexer, ObjectCache cache, ChangeFeed feed)
    {
        var snapshot = backend.Load(indexer);
        cache.Reset(snapshot.Objects, snapshot.Revision);
        feed.Reset(snapshot.RecentChanges, snapshot.Revision, snapshot.CompactedThrough);
        return snapshot.Revision;
    }

    private void Apply(IReadOnlyList<LogRow> rows, IReadOnlyDictionary<long, StoredObject>? local)
    {
        var changes = new List<ObjectChange>(rows.Count);
        // Earlier rows of the same page are not in the cache yet, so "previous" must see them first.
        var overlay = new Dictionary<(string, string), StoredObject?>();
        foreach (var row in rows)
        {
            if (row.Revision <= _applied)
            {
                continue;
            }
            var obj = local is not null && local.TryGetValue(row.Revision, out var hinted) && hinted.Json.Length == row.Json.Length
                ? hinted
                : new StoredObject
                {
                    Resource = row.Resource,
                    Namespace = row.Namespace,
                    Name = row.Name,
                    ResourceVersion = row.Revision,
                    Json = row.Json,
                    Index = indexer.Index(row.Resource, row.Json),
                };
            var key = (row.Resource, obj.Key);
            var previous = overlay.TryGetValue(key, out var o) ? o : cache.Get(row.Resource, row.Namespace, row.Name);
            overlay[key] = row.Type == ChangeType.Deleted ? null : obj;
            changes.Add(new ObjectChange(row.Revision, row.Type, obj, previous, DateTimeOffset.FromUnixTimeMilliseconds(row.CommittedAtMs)));
        }
        if (changes.Count == 0)
        {
            return;
        }
        var last = changes[^1].Revision;
        cache.Apply(changes, last);
        feed.Publish(changes);
        Volatile.Write(ref _applied, last);
    }
}
