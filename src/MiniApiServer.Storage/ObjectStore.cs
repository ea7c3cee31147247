using System.Threading.Channels;

namespace MiniApiServer.Storage;

/// <summary>
/// Group commit in front of the durable log. Concurrent writes queue on a channel; the writer thread drains
/// whatever is queued into one transaction (one fsync per batch). The database decides each write's
/// precondition and revision; the writer then lets the <see cref="LogTailer"/> read the committed rows back
/// into the cache and the feed, and only then answers the callers, so a caller reads its own write.
/// </summary>
public sealed class ObjectStore : IDisposable
{
    private readonly IStorageBackend _backend;
    private readonly IObjectIndexer _indexer;
    private readonly StorageOptions _options;
    private readonly TimeProvider _time;
    private readonly Channel<PendingWrite> _queue = Channel.CreateUnbounded<PendingWrite>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly Thread _writer;
    private readonly LogTailer _tailer;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Thread? _remoteTail;
    private long _compactRequest;
    private int _compacting;
    private Task _compaction = Task.CompletedTask;
    private readonly CompactionBatchSizer _compactionBatch;
    private readonly ConsistentReadBarrier _consistentReads;

    public ObjectStore(IStorageBackend backend, IObjectIndexer indexer, StorageOptions options, TimeProvider time)
    {
        _backend = backend;
        _indexer = indexer;
        _options = options;
        _time = time;
        _compactionBatch = new CompactionBatchSizer(options.CompactionBatchTarget);
        Cache = new ObjectCache();
        Feed = new ChangeFeed(options, time);
        _tailer = new LogTailer(backend, indexer, Cache, Feed, LogTailer.Fill(backend, indexer, Cache, Feed));
        _consistentReads = new ConsistentReadBarrier(CatchUpWithCommittedAsync);
        _writer = new Thread(WriterLoop) { IsBackground = true, Name = "storage-writer" };
        _writer.Start();
        if (backend.SharesLog)
        {
            _remoteTail = new Thread(TailRemoteWrites) { IsBackground = true, Name = "storage-tailer" };
            _remoteTail.Start();
        }
    }

    public ObjectCache Cache { get; }

    /// <summary>What the writer indexes each version with, for a caller that indexes a create's bytes itself (<see cref="WriteCommand.Index"/>).</summary>
    public IObjectIndexer Indexer => _indexer;
    public ChangeFeed Feed { get; }
    public StorageHealth Health { get; } = new();

    public long Revision => Cache.Revision;

    /// <summary>True while another server has announced a commit this cache has not applied yet.</summary>
    public bool BehindAnnouncedCommits => _backend.AnnouncedRevision > Cache.Revision;

    public event Action<int, TimeSpan>? BatchCommitted;

    /// <summary>Counted by the metrics: batches whose commit failed.</summary>
    public event Action<Exception>? CommitFailed;

    /// <summary>Logged and counted by the metrics: a <see cref="WriteCommand.Committed"/> hook threw (its write stands).</summary>
    public event Action<Exception>? CommittedHookFailed;

    /// <summary>One compaction batch: rows deleted and how long it held the writer.</summary>
    public event Action<int, TimeSpan>? Compacted;

    /// <summary>
    /// Another replica compacted log rows this one had not read, so it listed the database again and cut off every watch
    /// (the revision it had reached, the one it listed). Logged and counted by the metrics.
    /// </summary>
    public event Action<long, long>? Relisted
    {
        add => _tailer.Relisted += value;
        remove => _tailer.Relisted -= value;
    }

    /// <summary>Logged and counted by the metrics; the log keeps its history until the next attempt succeeds.</summary>
    public event Action<Exception>? CompactionFailed;

    public Task<WriteResult> WriteAsync(WriteCommand command)
    {
        if (ObjectDepth.TooDeep(command.Object))
        {
            throw new ObjectTooDeepException(ObjectDepth.Max);
        }
        var pending = new PendingWrite(command);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new StorageUnavailableException("storage is shutting down");
        }
        return pending.Completion.Task;
    }

    /// <summary>
    /// A consistent read, as kube-apiserver serves one from its watch cache: before a GET or LIST without a
    /// resourceVersion, the cache catches up with everything committed so far, including other replicas'
    /// writes. While the database is unreachable the read is served from the cache as it is.
    /// </summary>
    public void CatchUpForRead()
    {
        if (!Health.Healthy)
        {
            return;
        }
        try
        {
            if (_backend.SharedRevision() is long committed)
            {
                _tailer.CatchUpThrough(committed);
            }
        }
        catch (Exception ex)
        {
            Health.Failed(ex.Message);
        }
    }

    /// <summary>
    /// <see cref="CatchUpForRead"/> for request paths: waits without a thread, and concurrent readers share one
    /// revision read and one catch-up (<see cref="ConsistentReadBarrier"/>). Free where this process is the only writer.
    /// </summary>
    public Task CatchUpForReadAsync() =>
        _backend.SharesLog && Health.Healthy ? WaitForCatchUpAsync() : Task.CompletedTask;

    /// <summary>A consistent read that waited its deadline for the shared database and was served from the cache.</summary>
    public event Action<TimeSpan>? ConsistentReadLate;

    // A database that holds the revision read (a lock, a stalled disk) would otherwise hold every GET, LIST and watch
    // start for the driver's 30 s command timeout. The catch-up goes on for the next readers; this one stops waiting.
    private async Task WaitForCatchUpAsync()
    {
        try
        {
            await _consistentReads.WaitAsync().WaitAsync(_options.ConsistentReadDeadline, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            ConsistentReadLate?.Invoke(_options.ConsistentReadDeadline);
        }
    }

    private async Task CatchUpWithCommittedAsync()
    {
        try
        {
            if (await _backend.SharedRevisionAsync(_stopping.Token).ConfigureAwait(false) is long committed)
            {
                // Usually already applied (the tailer follows NOTIFY); when not, one reader reads the log for all.
                _tailer.CatchUpThrough(committed);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Health.Failed(ex.Message);
        }
    }

    /// <summary>Ask the writer to trim the change log to what the feed still retains.</summary>
    public void RequestCompaction()
    {
        Interlocked.Exchange(ref _compactRequest, Feed.CompactedThrough);
        if (_backend.CompactsBesideWrites && Interlocked.CompareExchange(ref _compacting, 1, 0) == 0)
        {
            _compaction = Task.Run(CompactBesideWrites);
        }
    }

    private void CompactBesideWrites()
    {
        try
        {
            while (!_stopping.IsCancellationRequested && CompactStep())
            {
            }
        }
        finally
        {
            Volatile.Write(ref _compacting, 0);
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _remoteTail?.Join(TimeSpan.FromSeconds(5));
        _compaction.Wait(TimeSpan.FromSeconds(5));
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
                // One small batch at a time, and only while no write waits: a write queues behind one batch at most.
                while (!_backend.CompactsBesideWrites && CompactStep() && !reader.TryPeek(out _))
                {
                }
                if (!WaitForWrites(reader))
                {
                    return;
                }
                if (!reader.TryPeek(out _))
                {
                    continue;
                }
            }
            batch.Clear();
            while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var w))
            {
                batch.Add(w);
            }
            try
            {
                ProcessBatch(batch);
            }
            catch (Exception ex)
            {
                // Whatever went wrong, no caller of this batch is left waiting (a stamping bug, say).
                var error = new StorageFailedException("storage write failed: " + ex.Message, ex);
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(error);
                }
            }
        }
    }

    /// <summary>
    /// Wakes once a second and, while unhealthy, probes the database, so /readyz heals without a write. The health
    /// is checked at every wake, not once on entry: a failed revision read for a consistent read marks the store
    /// unhealthy while the writer already waits here, and consistent reads skip the database until it heals.
    /// </summary>
    private bool WaitForWrites(ChannelReader<PendingWrite> reader)
    {
        var wait = reader.WaitToReadAsync().AsTask();
        while (!wait.Wait(TimeSpan.FromSeconds(1)))
        {
            if (Health.Healthy)
            {
                continue;
            }
            try
            {
                _backend.Probe();
                _tailer.CatchUp();
                Health.Recovered();
            }
            catch (Exception ex)
            {
                Health.Failed(ex.Message);
            }
        }
        return wait.GetAwaiter().GetResult();
    }

    private void ProcessBatch(List<PendingWrite> batch)
    {
        var started = _time.GetTimestamp();
        var commands = new WriteCommand[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            commands[i] = batch[i].Command;
        }
        IReadOnlyList<CommitOutcome> outcomes;
        var committedAt = _time.GetUtcNow();
        try
        {
            outcomes = _backend.Commit(commands, RevisionStamper.Instance, committedAt);
            Health.Recovered();
        }
        catch (Exception ex)
        {
            Health.Failed(ex.Message);
            CommitFailed?.Invoke(ex);
            // An unreachable database is a 503 (retry later); a commit it refused (disk full, I/O error) is a 500.
            Exception error = ex is StorageUnavailableException
                ? ex
                : new StorageFailedException("storage commit failed: " + ex.Message, ex);
            foreach (var p in batch)
            {
                p.Completion.TrySetException(error);
            }
            // A commit reported as failed may still have landed (an fsync error after the write); the log decides.
            CatchUpQuietly();
            return;
        }
        var local = new Dictionary<long, StoredObject>(batch.Count);
        var rows = new List<LogRow>(batch.Count);
        var at = committedAt.ToUnixTimeMilliseconds();
        for (var i = 0; i < batch.Count; i++)
        {
            var o = outcomes[i];
            if (o.Outcome == WriteOutcome.Ok)
            {
                var cmd = batch[i].Command;
                var stored = new StoredObject
                {
                    Resource = cmd.Resource,
                    Namespace = cmd.Namespace,
                    Name = cmd.Name,
                    ResourceVersion = o.Revision,
                    Json = o.Json!,
                    Index = cmd.Index ?? _indexer.Index(cmd.Resource, o.Json!),
                };
                RunCommittedHook(cmd, stored);
                local[o.Revision] = stored;
                // The row exactly as the backend inserted it (same kind mapping, same commit time).
                rows.Add(new LogRow(o.Revision, cmd.Resource, cmd.Namespace, cmd.Name, ChangeTypeOf(cmd.Kind), at, o.Json!));
            }
        }
        try
        {
            _tailer.ApplyCommitted(rows, local);
        }
        catch (Exception ex)
        {
            // The batch is durable, so its callers get their answers; the idle probe or the next commit catches the cache up.
            Health.Failed("reading the log back failed: " + ex.Message);
        }
        for (var i = 0; i < batch.Count; i++)
        {
            var o = outcomes[i];
            batch[i].Completion.TrySetResult(new WriteResult(o.Outcome, o.Outcome == WriteOutcome.Ok ? local[o.Revision] : null));
        }
        if (local.Count > 0)
        {
            BatchCommitted?.Invoke(local.Count, _time.GetElapsedTime(started));
        }
    }

    /// <summary>The write is durable whatever its hook does: a hook that throws only costs readers a decode.</summary>
    private void RunCommittedHook(WriteCommand cmd, StoredObject stored)
    {
        if (cmd.Committed is not { } hook)
        {
            return;
        }
        try
        {
            hook(stored);
        }
        catch (Exception ex)
        {
            stored.DropSharedModel();
            CommittedHookFailed?.Invoke(ex);
        }
    }

    private static ChangeType ChangeTypeOf(WriteKind kind) => kind switch
    {
        WriteKind.Create => ChangeType.Added,
        WriteKind.Update => ChangeType.Modified,
        _ => ChangeType.Deleted,
    };

    /// <summary>
    /// Other replicas' commits, read as they are announced, reach the cache and the watchers through the same tailer as
    /// ours. A thread of its own, as the writer has, which waits and reads synchronously: each wake costs a blocking log
    /// read, which on a pool thread of a two-core machine held one of its two threads at 500 remote writes/s, and the
    /// watches' continuations then waited for the pool to grow (cross-replica deliveries 0.5–1 s late; the async wake
    /// itself also needed a free pool thread).
    /// </summary>
    private void TailRemoteWrites()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                _backend.WaitForChanges(_stopping.Token);
                _tailer.CatchUp();
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database is unreachable; the tailer resumes from its last revision once it is back.
                Health.Failed(ex.Message);
                _stopping.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
            }
        }
    }

    private void CatchUpQuietly()
    {
        try
        {
            _tailer.CatchUp();
        }
        catch (Exception)
        {
            // The next successful commit catches up; the failure is already reported through Health.
        }
    }

    /// <summary>Compacts one batch; true when the request has more rows left.</summary>
    private bool CompactStep()
    {
        var through = Interlocked.Exchange(ref _compactRequest, 0);
        if (through <= 0)
        {
            return false;
        }
        try
        {
            // Compaction runs on the writer thread between batches, so a batch delays the writes that arrive
            // meanwhile: the sizer keeps each one near its target and the rest waits for the next idle moment.
            var batch = _compactionBatch.Next;
            var started = _time.GetTimestamp();
            var outcome = _backend.Compact(through, batch);
            var elapsed = _time.GetElapsedTime(started);
            _compactionBatch.Observe(outcome.Examined, elapsed);
            if (outcome.Deleted > 0)
            {
                Compacted?.Invoke(outcome.Deleted, elapsed);
            }
            if (outcome.Examined == batch)
            {
                Interlocked.CompareExchange(ref _compactRequest, through, 0);
                return true;
            }
        }
        catch (Exception ex)
        {
            CompactionFailed?.Invoke(ex);
        }
        return false;
    }
}
