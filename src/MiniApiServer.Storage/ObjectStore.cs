using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace MiniApiServer.Storage;

/// <summary>
/// The single writer. Concurrent writes queue on a channel; the writer thread drains whatever is queued
/// into one transaction (group commit), so throughput is bounded by batches per fsync, not writes per
/// fsync. Revisions are assigned here, in commit order, which is also cache order and feed order.
/// </summary>
public sealed class ObjectStore : IDisposable
{
    // Relaxed escaping keeps stored JSON byte-identical to what Go's encoder would send for the same text.
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly IStorageBackend _backend;
    private readonly IObjectIndexer _indexer;
    private readonly StorageOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly Thread _writer;
    private long _revision;
    private long _compactRequest;

    public ObjectStore(IStorageBackend backend, IObjectIndexer indexer, StorageOptions options, TimeProvider time)
    {
        _backend = backend;
        _indexer = indexer;
        _options = options;
        _time = time;
        Cache = new ObjectCache();
        Feed = new ChangeFeed(options, time);
        var snapshot = backend.Load(indexer, keepEventsAfter: 0);
        _revision = snapshot.Revision;
        Cache.Load(snapshot.Objects, snapshot.Revision);
        Feed.Load(snapshot.RecentChanges, snapshot.Revision, snapshot.CompactedThrough);
        _writer = new Thread(WriterLoop) { IsBackground = true, Name = "storage-writer" };
        _writer.Start();
    }

    public ObjectCache Cache { get; }
    public ChangeFeed Feed { get; }

    public long Revision => Cache.Revision;

    public event Action<int, TimeSpan>? BatchCommitted;

    public Task<WriteResult> WriteAsync(WriteCommand command)
    {
        var pending = new PendingWrite(command);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new StorageUnavailableException("storage is shutting down");
        }
        return pending.Completion.Task;
    }

    /// <summary>Ask the writer to trim the change log to what the feed still retains.</summary>
    public void RequestCompaction() => Interlocked.Exchange(ref _compactRequest, Feed.CompactedThrough);

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _writer.Join(TimeSpan.FromSeconds(10));
        Feed.CloseAll();
        _backend.Dispose();
    }

    private void WriterLoop()
    {
        var batch = new List<PendingWrite>(_options.MaxBatchSize);
        var reader = _queue.Reader;
        while (true)
        {
            if (!reader.TryPeek(out _))
            {
                CompactStep();
                if (!reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
                {
                    return;
                }
            }
            batch.Clear();
            while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var w))
            {
                batch.Add(w);
            }
            ProcessBatch(batch);
        }
    }

    private void ProcessBatch(List<PendingWrite> batch)
    {
        var started = _time.GetTimestamp();
        var now = _time.GetUtcNow();
        var startRevision = _revision;
        var overlay = new Dictionary<(string, string), StoredObject?>();
        var changes = new List<ObjectChange>(batch.Count);
        var committed = new List<PendingWrite>(batch.Count);
        foreach (var pending in batch)
        {
            try
            {
                var change = Apply(pending, overlay, now);
                if (change is not null)
                {
                    changes.Add(change);
                    committed.Add(pending);
                }
            }
            catch (Exception ex)
            {
                pending.Result = null;
                pending.Completion.TrySetException(ex);
            }
        }
        if (changes.Count > 0)
        {
            try
            {
                _backend.Commit(changes);
            }
            catch (Exception ex)
            {
                _revision = startRevision;
                var error = new StorageUnavailableException("storage commit failed: " + ex.Message, ex);
                foreach (var p in committed)
                {
                    p.Completion.TrySetException(error);
                }
                return;
            }
            Cache.Apply(changes, _revision);
            Feed.Publish(changes);
            BatchCommitted?.Invoke(changes.Count, _time.GetElapsedTime(started));
        }
        foreach (var pending in batch)
        {
            if (pending.Result is { } result)
            {
                pending.Completion.TrySetResult(result);
            }
        }
    }

    private ObjectChange? Apply(PendingWrite pending, Dictionary<(string, string), StoredObject?> overlay, DateTimeOffset now)
    {
        var cmd = pending.Command;
        var key = (cmd.Resource, ObjectKeys.Key(cmd.Namespace, cmd.Name));
        var current = overlay.TryGetValue(key, out var o) ? o : Cache.Get(cmd.Resource, cmd.Namespace, cmd.Name);
        WriteOutcome? failure = cmd.Kind switch
        {
            WriteKind.Create when current is not null => WriteOutcome.AlreadyExists,
            WriteKind.Update or WriteKind.Delete when current is null => WriteOutcome.NotFound,
            _ when current is not null && cmd.ExpectedRevision is long rv && rv != current.ResourceVersion => WriteOutcome.Conflict,
            _ when current is not null && cmd.ExpectedUid is { } uid && uid != current.Index.Uid => WriteOutcome.Conflict,
            _ => null,
        };
        if (failure is { } f)
        {
            pending.Result = new WriteResult(f, null, current);
            return null;
        }
        var revision = ++_revision;
        StoredObject stored;
        ChangeType type;
        if (cmd.Kind == WriteKind.Delete)
        {
            stored = Stamp(cmd, current!, revision);
            type = ChangeType.Deleted;
            overlay[key] = null;
        }
        else
        {
            stored = cmd.Encoded is { } encoded
                ? Stamp(cmd, encoded, revision)
                : Stamp(cmd, cmd.Object ?? throw new ArgumentException("object required"), revision);
            type = current is null ? ChangeType.Added : ChangeType.Modified;
            overlay[key] = stored;
        }
        pending.Result = new WriteResult(WriteOutcome.Ok, stored, current);
        return new ObjectChange(revision, type, stored, current, now);
    }

    private StoredObject Stamp(WriteCommand cmd, JsonObject obj, long revision)
    {
        var metadata = obj["metadata"] as JsonObject ?? new JsonObject();
        obj["metadata"] = metadata;
        metadata["resourceVersion"] = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var json = JsonSerializer.SerializeToUtf8Bytes(obj, JsonOptions);
        return new StoredObject
        {
            Resource = cmd.Resource,
            Namespace = cmd.Namespace,
            Name = cmd.Name,
            ResourceVersion = revision,
            Json = json,
            Index = _indexer.Index(cmd.Resource, json),
        };
    }

    /// <summary>Appends resourceVersion as the last metadata field, where <see cref="Stamp(WriteCommand, JsonObject, long)"/> adds it.</summary>
    private StoredObject Stamp(WriteCommand cmd, byte[] encoded, long revision)
    {
        var at = cmd.MetadataEnd;
        if (at <= 0 || at >= encoded.Length || encoded[at] != (byte)'}')
        {
            throw new ArgumentException("encoded object has no metadata end at the given offset");
        }
        var field = (encoded[at - 1] == (byte)'{' ? "\"resourceVersion\":\"" : ",\"resourceVersion\":\"")
            + revision.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\"";
        var json = new byte[encoded.Length + field.Length];
        encoded.AsSpan(0, at).CopyTo(json);
        System.Text.Encoding.ASCII.GetBytes(field, json.AsSpan(at));
        encoded.AsSpan(at).CopyTo(json.AsSpan(at + field.Length));
        return new StoredObject
        {
            Resource = cmd.Resource,
            Namespace = cmd.Namespace,
            Name = cmd.Name,
            ResourceVersion = revision,
            Json = json,
            Index = _indexer.Index(cmd.Resource, json),
        };
    }

    private StoredObject Stamp(WriteCommand cmd, StoredObject last, long revision)
    {
        var obj = JsonNode.Parse(last.Json)!.AsObject();
        return Stamp(cmd, obj, revision);
    }

    private void CompactStep()
    {
        var through = Interlocked.Exchange(ref _compactRequest, 0);
        if (through <= 0)
        {
            return;
        }
        try
        {
            // Small batches keep the write lock short; the rest is picked up by the next request.
            if (_backend.Compact(through, 1000) == 1000)
            {
                Interlocked.CompareExchange(ref _compactRequest, through, 0);
            }
        }
        catch (Exception)
        {
            // Compaction is best-effort; a failure only leaves more history on disk.
        }
    }
}
