using MiniApiServer.Application.Resources;
using MiniApiServer.Storage;
using MiniApiServer.Storage.Sqlite;

namespace MiniApiServer.UnitTests.Storage;

/// <summary>
/// A batch this process committed reaches the cache without reading the log back, unless another writer committed
/// in between; then the log is read, so the other writer's change is never skipped.
/// </summary>
public sealed class LocalCommitApplyTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly TempDatabase _db = new();

    [Fact]
    public async Task OwnBatch_FollowingTheLastAppliedRevision_IsAppliedWithoutALogRead()
    {
        var backend = new CountingBackend(new SqliteBackend(_db.File));
        using var store = new ObjectStore(backend, new ResourceIndexer(), new StorageOptions(), TimeProvider.System);
        var before = backend.LogReads;

        var created = await store.WriteAsync(Writes.Create("a")).WaitAsync(Deadline);
        var updated = await store.WriteAsync(Writes.Update("a", created.Object!.ResourceVersion, "second")).WaitAsync(Deadline);

        Assert.Equal(before, backend.LogReads);
        var cached = store.Cache.Get(Writes.ConfigMaps, "default", "a")!;
        Assert.Equal(updated.Object!.ResourceVersion, cached.ResourceVersion);
        Assert.Contains("second", System.Text.Encoding.UTF8.GetString(cached.Json), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherWritersCommitInBetween_IsReadFromTheLog_BeforeOurs()
    {
        var sqlite = new SqliteBackend(_db.File);
        var backend = new CountingBackend(sqlite);
        using var store = new ObjectStore(backend, new ResourceIndexer(), new StorageOptions(), TimeProvider.System);
        await store.WriteAsync(Writes.Create("first")).WaitAsync(Deadline);
        // Another writer (a second replica's commit, here straight into the same database) takes the next revision.
        var foreign = sqlite.Commit([Writes.Create("foreign"), Writes.Create("foreign-2")], RevisionStamper.Instance, DateTimeOffset.UtcNow);
        var reads = backend.LogReads;
        var rowsRead = backend.RowsRead;

        var ours = await store.WriteAsync(Writes.Create("ours")).WaitAsync(Deadline);

        Assert.True(backend.LogReads > reads, "the log was not read although a foreign revision came first");
        // The other writer's two rows, not this batch's row back.
        Assert.Equal(2, backend.RowsRead - rowsRead);
        Assert.Equal(foreign[1].Revision + 1, ours.Object!.ResourceVersion);
        Assert.Equal(foreign[1].Revision, store.Cache.Get(Writes.ConfigMaps, "default", "foreign-2")!.ResourceVersion);
        Assert.Equal(foreign[0].Revision, store.Cache.Get(Writes.ConfigMaps, "default", "foreign")!.ResourceVersion);
        Assert.Equal(ours.Object.ResourceVersion, store.Cache.Revision);
    }

    public void Dispose() => _db.Dispose();
}
