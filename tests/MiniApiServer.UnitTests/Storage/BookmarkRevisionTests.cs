using MiniApiServer.Application.Resources;
using MiniApiServer.Storage;
using MiniApiServer.Storage.Sqlite;
using MiniApiServer.Storage.Watching;

namespace MiniApiServer.UnitTests.Storage;

/// <summary>
/// A BOOKMARK promises that the stream holds everything up to its revision: a client that resumes from it
/// never sees what came before again. So it may never overtake a change still queued for the same watcher,
/// although the cache (and the store's revision) already moved past that change.
/// </summary>
public sealed class BookmarkRevisionTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly TempDatabase _db = new();

    [Fact]
    public async Task Bookmark_NeverPassesAnUndeliveredEvent_AndMovesOnOverOtherResourcesChanges()
    {
        using var store = new ObjectStore(new SqliteBackend(_db.File), new ResourceIndexer(), new StorageOptions(), TimeProvider.System);
        var start = store.Revision;
        using var watch = ListWatch.Start(store, new WatchSpec(Writes.ConfigMaps, FromRevision: start, Capacity: 100));

        var written = await store.WriteAsync(Writes.Create("queued")).WaitAsync(Deadline);

        // Committed and in the cache, but not yet read from this watcher's buffer.
        Assert.Equal(written.Object!.ResourceVersion, store.Revision);
        Assert.Equal(start, watch.BookmarkRevision);

        Assert.True(watch.TryRead(out var change));
        Assert.Equal(written.Object.ResourceVersion, change.Revision);
        Assert.Equal(change.Revision, watch.BookmarkRevision);

        // A change to another resource is never offered here, yet the bookmark may move past it.
        var other = await store.WriteAsync(new WriteCommand(WriteKind.Create, "secrets", "default", "s", Writes.ConfigMap("s"))).WaitAsync(Deadline);
        Assert.Equal(other.Object!.ResourceVersion, watch.BookmarkRevision);
    }

    public void Dispose() => _db.Dispose();
}
