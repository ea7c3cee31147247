using MiniApiServer.Application.Resources;
using MiniApiServer.Storage;
using MiniApiServer.Storage.Sqlite;

namespace MiniApiServer.UnitTests.Storage;

/// <summary>
/// A replica whose tailer falls behind another replica's compaction (cut off from the database, or stalled) would
/// skip the rows compacted away: a deletion among them left the object in its cache for good, and its watchers never
/// heard of it. It relists instead and cuts every watch off, as a reflector whose watch is too old does. The other
/// replica is played here by committing and compacting straight into the same database.
/// </summary>
public sealed class TailerBehindCompactionTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly TempDatabase _db = new();

    [Fact]
    public async Task DeletionCompactedBeforeItWasRead_IsNotLeftInTheCache_AndWatchesAreCutOff()
    {
        var sqlite = new SqliteBackend(_db.File);
        using var store = new ObjectStore(sqlite, new ResourceIndexer(), new StorageOptions(), TimeProvider.System);
        var relists = new List<(long From, long To)>();
        store.Relisted += (from, to) => relists.Add((from, to));
        await store.WriteAsync(Writes.Create("a")).WaitAsync(Deadline);
        var b = await store.WriteAsync(Writes.Create("b")).WaitAsync(Deadline);
        var reached = store.Revision;
        using var watch = store.Feed.Subscribe(Writes.ConfigMaps, fromRevision: reached, capacity: 10);

        // The other replica deletes b and compacts through the deletion before this one reads the log.
        var deleted = sqlite.Commit([Writes.Delete("b", b.Object!.ResourceVersion)], RevisionStamper.Instance, DateTimeOffset.UtcNow)[0].Revision;
        sqlite.Compact(deleted, 100);
        Assert.NotNull(store.Cache.Get(Writes.ConfigMaps, "default", "b"));

        var c = await store.WriteAsync(Writes.Create("c")).WaitAsync(Deadline);

        Assert.Null(store.Cache.Get(Writes.ConfigMaps, "default", "b"));
        Assert.NotNull(store.Cache.Get(Writes.ConfigMaps, "default", "a"));
        Assert.Equal(c.Object!.ResourceVersion, store.Cache.Get(Writes.ConfigMaps, "default", "c")!.ResourceVersion);
        Assert.Equal([(reached, c.Object.ResourceVersion)], relists);
        await Assert.ThrowsAsync<WatcherTooSlowException>(async () => await watch.Reader.Completion.WaitAsync(Deadline));
        // Resuming from before the compacted deletion is 410 Gone; from the relist on, the watch works again.
        Assert.Throws<RevisionExpiredException>(() => store.Feed.Subscribe(Writes.ConfigMaps, fromRevision: reached, capacity: 10));
        using var resumed = store.Feed.Subscribe(Writes.ConfigMaps, fromRevision: store.Revision, capacity: 10);
        var d = await store.WriteAsync(Writes.Create("d")).WaitAsync(Deadline);
        Assert.True(resumed.Reader.TryRead(out var next));
        Assert.Equal(d.Object!.ResourceVersion, next.Revision);
    }

    [Fact]
    public void TrailingDeletionCompactedBeforeItWasRead_IsFoundFromTheRevisionCounter()
    {
        var sqlite = new SqliteBackend(_db.File);
        var a = sqlite.Commit([Writes.Create("a")], RevisionStamper.Instance, DateTimeOffset.UtcNow)[0].Revision;
        var snapshot = sqlite.Load(new ResourceIndexer());
        var cache = new ObjectCache();
        cache.Reset(snapshot.Objects, snapshot.Revision);
        var feed = new ChangeFeed(new StorageOptions(), TimeProvider.System);
        feed.Reset(snapshot.RecentChanges, snapshot.Revision, snapshot.CompactedThrough);
        var tailer = new LogTailer(sqlite, new ResourceIndexer(), cache, feed, snapshot.Revision);
        var relisted = 0;
        tailer.Relisted += (_, _) => relisted++;

        // Another replica creates and deletes b, then compacts both rows away: nothing is left to read after a.
        var b = sqlite.Commit([Writes.Create("b")], RevisionStamper.Instance, DateTimeOffset.UtcNow)[0].Revision;
        var deleted = sqlite.Commit([Writes.Delete("b", b)], RevisionStamper.Instance, DateTimeOffset.UtcNow)[0].Revision;
        sqlite.Compact(deleted, 100);
        tailer.CatchUp();
        Assert.Equal((a, 0), (tailer.Revision, relisted));

        tailer.CatchUpThrough(deleted);

        Assert.Equal((deleted, 1), (tailer.Revision, relisted));
        Assert.Equal(deleted, cache.Revision);
        Assert.Null(cache.Get(Writes.ConfigMaps, "default", "b"));
        sqlite.Dispose();
    }

    [Fact]
    public async Task AnotherReplicasCommits_WithoutCompaction_AreReadWithoutARelist()
    {
        var sqlite = new SqliteBackend(_db.File);
        using var store = new ObjectStore(sqlite, new ResourceIndexer(), new StorageOptions(), TimeProvider.System);
        var relists = 0;
        store.Relisted += (_, _) => relists++;
        var b = await store.WriteAsync(Writes.Create("b")).WaitAsync(Deadline);
        sqlite.Commit([Writes.Delete("b", b.Object!.ResourceVersion)], RevisionStamper.Instance, DateTimeOffset.UtcNow);
        sqlite.Commit([Writes.Create("foreign")], RevisionStamper.Instance, DateTimeOffset.UtcNow);

        await store.WriteAsync(Writes.Create("c")).WaitAsync(Deadline);

        Assert.Equal(0, relists);
        Assert.Null(store.Cache.Get(Writes.ConfigMaps, "default", "b"));
        Assert.NotNull(store.Cache.Get(Writes.ConfigMaps, "default", "foreign"));
    }

    public void Dispose() => _db.Dispose();
}
