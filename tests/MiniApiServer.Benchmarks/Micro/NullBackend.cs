using MiniApiServer.Storage;

namespace MiniApiServer.Benchmarks.Micro;

/// <summary>A backend that forgets everything, so cache benchmarks measure the cache and not the disk.</summary>
public sealed class NullBackend : IStorageBackend
{
    public StorageSnapshot Load(IObjectIndexer indexer, long keepEventsAfter) => new([], [], 0, 0);

    public void Commit(IReadOnlyList<ObjectChange> changes)
    {
    }

    public int Compact(long throughRevision, int maxRows) => 0;

    public void Dispose()
    {
    }
}
