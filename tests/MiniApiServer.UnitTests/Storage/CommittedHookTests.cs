using MiniApiServer.Application.Resources;
using MiniApiServer.Storage;
using MiniApiServer.Storage.Sqlite;

namespace MiniApiServer.UnitTests.Storage;

/// <summary>
/// A write's Committed hook runs before any reader can see the new version, and whatever it does, a durable write is
/// answered as written: a hook that throws leaves the version without a shared model and is reported.
/// </summary>
public sealed class CommittedHookTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly TempDatabase _db = new();

    [Fact]
    public async Task Hook_SeesTheVersion_BeforeTheCacheHasIt()
    {
        using var store = new ObjectStore(new SqliteBackend(_db.File), new ResourceIndexer(), new StorageOptions(), TimeProvider.System);
        var model = new object();
        StoredObject? cachedDuringHook = null;
        var write = Writes.Create("a") with
        {
            Committed = stored =>
            {
                cachedDuringHook = store.Cache.Get(Writes.ConfigMaps, "default", "a");
                stored.ShareModel(model);
            },
        };

        var result = await store.WriteAsync(write).WaitAsync(Deadline);

        Assert.Null(cachedDuringHook);
        Assert.Same(model, result.Object!.SharedModel);
        Assert.Same(model, store.Cache.Get(Writes.ConfigMaps, "default", "a")!.SharedModel);
    }

    [Fact]
    public async Task HookThatThrows_TheWriteStands_AndTheFailureIsReported()
    {
        using var store = new ObjectStore(new SqliteBackend(_db.File), new ResourceIndexer(), new StorageOptions(), TimeProvider.System);
        var reported = new List<Exception>();
        store.CommittedHookFailed += reported.Add;
        var write = Writes.Create("b") with
        {
            Committed = stored =>
            {
                stored.ShareModel(new object());
                throw new InvalidOperationException("hook broke");
            },
        };

        var result = await store.WriteAsync(write).WaitAsync(Deadline);

        Assert.Equal(WriteOutcome.Ok, result.Outcome);
        Assert.Null(result.Object!.SharedModel);
        Assert.Equal("hook broke", Assert.Single(reported).Message);
        Assert.NotNull(store.Cache.Get(Writes.ConfigMaps, "default", "b"));
        var after = await store.WriteAsync(Writes.Create("c")).WaitAsync(Deadline);
        Assert.Equal(result.Object.ResourceVersion + 1, after.Object!.ResourceVersion);
    }

    public void Dispose() => _db.Dispose();
}
