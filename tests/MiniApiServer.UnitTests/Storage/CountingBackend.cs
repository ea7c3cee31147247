using MiniApiServer.Storage;

namespace MiniApiServer.UnitTests.Storage;

/// <summary>A backend that counts its log reads: the tailer's reads of rows it was not handed.</summary>
internal sealed class CountingBackend(IStorageBackend inner) : IStorageBackend
{
    private int _logReads;

    public int LogReads => Volatile.Read(ref _logReads);

    public StorageSnapshot Load(IObjectIndexer indexer) => inner.Load(indexer);

    public IReadOnlyList<CommitOutcome> Commit(IReadOnlyList<WriteCommand> batch, IRevisionStamper stamper, DateTimeOffset now) =>
        inner.Commit(batch, stamper, now);

    public IReadOnlyList<LogRow> ReadLog(long afterRevision, int max)
    {
        Interlocked.Increment(ref _logReads);
        return inner.ReadLog(afterRevision, max);
    }

    public CompactionOutcome Compact(long throughRevision, int maxRows) => inner.Compact(throughRevision, maxRows);

    public void Probe() => inner.Probe();

    public Task WaitForChangesAsync(CancellationToken ct) => inner.WaitForChangesAsync(ct);

    public long? SharedRevision() => inner.SharedRevision();

    public ValueTask<long?> SharedRevisionAsync(CancellationToken ct) => inner.SharedRevisionAsync(ct);

    public bool SharesLog => inner.SharesLog;

    public bool CompactsBesideWrites => inner.CompactsBesideWrites;

    public void Dispose() => inner.Dispose();
}
