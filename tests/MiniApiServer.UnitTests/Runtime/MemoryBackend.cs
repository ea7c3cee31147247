using MiniApiServer.Storage;

namespace MiniApiServer.UnitTests.Runtime;

/// <summary>A backend that keeps nothing: the store's cache and feed are all an informer test needs.</summary>
public sealed class MemoryBackend : IStorageBackend
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
