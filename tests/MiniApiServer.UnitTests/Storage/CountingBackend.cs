using MiniApiServer.Storage;

namespace MiniApiServer.UnitTests.Storage;

/// <summary>
/// A backend that counts its log reads (the tailer's reads of rows it was not handed) and how many of them, and of the
/// waits for another process's commits, ran on a thread-pool thread.
/// </summary>
internal sealed class CountingBackend(IStorageBackend inner) : IStorageBackend
{
    private int _logReads;
    private int _poolLogReads;
    private int _poolWaits;
    private int _rowsRead;

    public int LogReads => Volatile.Read(ref _logReads);

    public int RowsRead => Volatile.Read(ref _rowsRead);

    public int LogReadsOnPoolThreads => Volatile.Read(ref _poolLogReads);

    public int WaitsOnPoolThreads => Volatile.Read(ref _poolWaits);

    public StorageSnapshot Load(IObjectIndexer indexer) => inner.Load(indexer);

    public IReadOnlyList<CommitOutcome> Commit(IReadOnlyList<WriteCommand> batch, IRevisionStamper stamper, DateTimeOffset now) =>
        inner.Commit(batch, stamper, now);

    public IReadOnlyList<LogRow> ReadLog(long afterRevision, int max)
    {
        Interlocked.Increment(ref _logReads);
        if (Thread.CurrentThread.IsThreadPoolThread)
        {
            Interlocked.Increment(ref _poolLogReads);
        }
        var rows = inner.ReadLog(afterRevision, max);
        Interlocked.Add(ref _rowsRead, rows.Count);
        return rows;
    }

    public CompactionOutcome Compact(long throughRevision, int maxRows) => inner.Compact(throughRevision, maxRows);

    public void Probe() => inner.Probe();

    public void WaitForChanges(CancellationToken ct)
    {
        if (Thread.CurrentThread.IsThreadPoolThread)
        {
            Interlocked.Increment(ref _poolWaits);
        }
        inner.WaitForChanges(ct);
    }

    public long? SharedRevision() => inner.SharedRevision();

    public ValueTask<long?> SharedRevisionAsync(CancellationToken ct) => inner.SharedRevisionAsync(ct);

    public bool SharesLog => inner.SharesLog;

    public bool CompactsBesideWrites => inner.CompactsBesideWrites;

    public void Dispose() => inner.Dispose();
}
