namespace MiniApiServer.Storage;

/// <summary>
/// The durable store behind the cache: the seam for a second provider (PostgreSQL). A backend must write
/// the object rows and the change-log rows of one batch in one transaction and return only once the
/// transaction is durable; the log row id is the revision, assigned by the single writer.
/// </summary>
public interface IStorageBackend : IDisposable
{
    StorageSnapshot Load(IObjectIndexer indexer, long keepEventsAfter);

    void Commit(IReadOnlyList<ObjectChange> changes);

    /// <summary>Delete at most <paramref name="maxRows"/> log rows at or below the revision; returns how many went.</summary>
    int Compact(long throughRevision, int maxRows);
}
