namespace MiniApiServer.Storage;

/// <summary>
/// The durable log and the current-object table behind the cache: the database is the authority. The log holds
/// each version's bytes once; the objects table holds each key's current revision, a pointer into the log. A backend
/// runs a batch in one transaction and decides every precondition inside it (create-if-absent through the
/// primary key, update/delete-if-revision-matches, as kine's prev_revision), assigns revisions in commit order
/// from a counter read and written in the same transaction, and returns only once the transaction is durable.
/// Readers learn of commits only by reading the log back (<see cref="ReadLog"/>), which is how a second
/// process would see them too.
/// </summary>
public interface IStorageBackend : IDisposable
{
    StorageSnapshot Load(IObjectIndexer indexer);

    /// <summary>One outcome per command, in order. Throws when the transaction fails; then nothing of it is applied.</summary>
    IReadOnlyList<CommitOutcome> Commit(IReadOnlyList<WriteCommand> batch, IRevisionStamper stamper, DateTimeOffset now);

    /// <summary>Log rows with a revision above <paramref name="afterRevision"/>, in revision order, at most <paramref name="max"/>.</summary>
    IReadOnlyList<LogRow> ReadLog(long afterRevision, int max);

    /// <summary>
    /// Moves the compacted mark over at most <paramref name="maxRows"/> log rows at or below the revision, deleting
    /// the versions they superseded and the deletions among them (<see cref="CompactionRule"/>).
    /// </summary>
    CompactionOutcome Compact(long throughRevision, int maxRows);

    /// <summary>
    /// True when <see cref="Compact"/> may run beside commits on its own connection without blocking them
    /// (PostgreSQL's MVCC: deleting old log rows locks nothing a commit touches). SQLite has one writer, so
    /// compaction there takes turns with the write batches.
    /// </summary>
    bool CompactsBesideWrites => false;

    /// <summary>A tiny durable write that tells whether commits can succeed again (after a full disk, say).</summary>
    void Probe();

    /// <summary>
    /// Blocks the tailer's own thread until another process may have appended to the log (PostgreSQL's LISTEN, with a
    /// slow poll as the fallback), so the tailer reads it; until <paramref name="ct"/> for a store this process owns alone.
    /// Synchronous on purpose: no thread-pool thread is needed to wake the tailer (see ObjectStore.TailRemoteWrites).
    /// </summary>
    void WaitForChanges(CancellationToken ct);

    /// <summary>
    /// The newest committed revision when other processes write to the same log (a consistent read waits for
    /// the tailer to reach it); null when this process is the only writer, so its cache is already current.
    /// </summary>
    long? SharedRevision();

    /// <summary>True when other processes write to the same log, so a consistent read must ask the database.</summary>
    bool SharesLog => false;

    /// <summary>
    /// The newest revision other processes announced having committed (PostgreSQL's NOTIFY payload), as far as this
    /// process has heard; 0 when this process is the only writer.
    /// </summary>
    long AnnouncedRevision => 0;

    /// <summary><see cref="SharedRevision"/> without holding a thread while the database answers.</summary>
    ValueTask<long?> SharedRevisionAsync(CancellationToken ct) => ValueTask.FromResult(SharedRevision());
}
