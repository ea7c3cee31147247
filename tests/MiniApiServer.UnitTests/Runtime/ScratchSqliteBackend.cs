using MiniApiServer.Storage;
using MiniApiServer.Storage.Sqlite;
using MiniApiServer.UnitTests.Storage;

namespace MiniApiServer.UnitTests.Runtime;

/// <summary>
/// The real SQLite backend on a throwaway file: informer tests need a store whose log the tailer can read
/// back, and a fake that decided preconditions differently from the database would test the fake.
/// </summary>
public sealed class ScratchSqliteBackend : IStorageBackend
{
    private readonly TempDatabase _db = new();
    private readonly SqliteBackend _inner;

    public ScratchSqliteBackend() => _inner = new SqliteBackend(_db.File);

    public StorageSnapshot Load(IObjectIndexer indexer) => _inner.Load(indexer);

    public IReadOnlyList<CommitOutcome> Commit(IReadOnlyList<WriteCommand> batch, IRevisionStamper stamper, DateTimeOffset now) =>
        _inner.Commit(batch, stamper, now);

    public IReadOnlyList<LogRow> ReadLog(long afterRevision, int max) => _inner.ReadLog(afterRevision, max);

    public CompactionOutcome Compact(long throughRevision, int maxRows) => _inner.Compact(throughRevision, maxRows);

    public void Probe() => _inner.Probe();

    public void WaitForChanges(CancellationToken ct) => _inner.WaitForChanges(ct);

    public long? SharedRevision() => null;

    public void Dispose()
    {
        _inner.Dispose();
        _db.Dispose();
    }
}
