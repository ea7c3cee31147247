using MiniApiServer.Application.Resources;
using MiniApiServer.Storage;
using MiniApiServer.Storage.Sqlite;

namespace MiniApiServer.UnitTests.Storage;

/// <summary>Failure injection on the write path: a commit that throws, and a disk that fills up and frees again.</summary>
public sealed class ObjectStoreFailureTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly TempDatabase _db = new();

    [Fact]
    public async Task CommitThatThrows_CompletesEveryWriteOfItsBatch_IncludingThoseThatFailedAPrecondition()
    {
        var backend = new GatedBackend(new SqliteBackend(_db.File));
        using var store = new ObjectStore(backend, new ResourceIndexer(), new StorageOptions(), TimeProvider.System);
        var first = store.WriteAsync(Writes.Create("existing"));
        await backend.FirstCommitEntered.WaitAsync(Deadline);
        // Everything below queues behind the held first commit, so it lands in one batch, whose commit throws.
        backend.FailNext = true;
        var batch = new[]
        {
            store.WriteAsync(Writes.Create("new-1")),
            store.WriteAsync(Writes.Create("existing")),
            store.WriteAsync(Writes.Update("absent", 5, "x")),
            store.WriteAsync(Writes.Create("new-2")),
        };
        backend.ReleaseFirst();
        Assert.Equal(WriteOutcome.Ok, (await first.WaitAsync(Deadline)).Outcome);
        foreach (var write in batch)
        {
            var ex = await Assert.ThrowsAsync<StorageFailedException>(() => write.WaitAsync(Deadline));
            Assert.Contains("injected I/O error", ex.Message, StringComparison.Ordinal);
        }
        Assert.False(store.Health.Healthy);
        Assert.Null(store.Cache.Get(Writes.ConfigMaps, "default", "new-1"));
        // The next batch commits normally and heals the store.
        Assert.Equal(WriteOutcome.Ok, (await store.WriteAsync(Writes.Create("new-1")).WaitAsync(Deadline)).Outcome);
        Assert.True(store.Health.Healthy);
    }

    [Fact]
    public async Task DiskFull_FailsWritesWithTheStorageError_ServesReads_AndRecoversWithoutRestart()
    {
        var backend = new SqliteBackend(_db.File);
        var acknowledged = new List<string>();
        using (var store = new ObjectStore(backend, new ResourceIndexer(), new StorageOptions(), TimeProvider.System))
        {
            for (var i = 0; i < 5; i++)
            {
                Assert.True((await store.WriteAsync(Writes.Create($"before-{i}")).WaitAsync(Deadline)).Succeeded);
                acknowledged.Add($"before-{i}");
            }
            backend.SetMaxPageCount(1); // SQLite clamps this to the pages in use: nothing may grow any more
            var big = new string('x', 256 * 1024);
            var ex = await Assert.ThrowsAsync<StorageFailedException>(() => store.WriteAsync(Writes.Create("too-big", big)).WaitAsync(Deadline));
            Assert.Contains("full", ex.Message, StringComparison.Ordinal);
            Assert.False(store.Health.Healthy);
            Assert.NotNull(store.Cache.Get(Writes.ConfigMaps, "default", "before-0"));
            Assert.Null(store.Cache.Get(Writes.ConfigMaps, "default", "too-big"));

            backend.SetMaxPageCount(1_000_000);
            // The idle writer probes the disk and heals without any write arriving.
            var deadline = DateTime.UtcNow + Deadline;
            while (!store.Health.Healthy && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
            Assert.True(store.Health.Healthy, "storage healthy again after the disk has room");
            Assert.True((await store.WriteAsync(Writes.Create("too-big", big)).WaitAsync(Deadline)).Succeeded);
            acknowledged.Add("too-big");
        }
        using var reopened = new SqliteBackend(_db.File);
        var names = reopened.Load(new ResourceIndexer()).Objects.Select(o => o.Name).Order().ToList();
        Assert.Equal(acknowledged.Order(), names);
    }

    [Fact]
    public async Task FailedRevisionRead_MarksUnhealthy_AndTheIdleWriterHealsItWithoutAWrite()
    {
        // A replica's consistent read asks the shared database for its revision; when that fails the store is unhealthy
        // and later consistent reads skip the database, so only the writer's probe can bring it back.
        var backend = new GatedBackend(new SqliteBackend(_db.File)) { Shared = true };
        backend.ReleaseFirst();
        using var store = new ObjectStore(backend, new ResourceIndexer(), new StorageOptions(), TimeProvider.System);
        Assert.True((await store.WriteAsync(Writes.Create("before")).WaitAsync(Deadline)).Succeeded);

        backend.RevisionUnreachable = true;
        await store.CatchUpForReadAsync().WaitAsync(Deadline);
        Assert.False(store.Health.Healthy);
        Assert.Contains("unreachable", store.Health.LastError, StringComparison.Ordinal);

        backend.RevisionUnreachable = false;
        var deadline = DateTime.UtcNow + Deadline;
        while (!store.Health.Healthy && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.True(store.Health.Healthy, "healthy again with no write: " + store.Health.LastError);
    }

    public void Dispose() => _db.Dispose();

    /// <summary>Holds the first commit until released, and throws on the commit after <see cref="FailNext"/> is set.</summary>
    private sealed class GatedBackend(IStorageBackend inner) : IStorageBackend
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly ManualResetEventSlim _release = new();
        private int _commits;

        public volatile bool FailNext;

        public volatile bool RevisionUnreachable;

        public bool Shared { get; init; }

        public bool SharesLog => Shared;

        public Task FirstCommitEntered => _entered.Task;

        public void ReleaseFirst() => _release.Set();

        public StorageSnapshot Load(IObjectIndexer indexer) => inner.Load(indexer);

        public IReadOnlyList<CommitOutcome> Commit(IReadOnlyList<WriteCommand> batch, IRevisionStamper stamper, DateTimeOffset now)
        {
            if (Interlocked.Increment(ref _commits) == 1)
            {
                _entered.SetResult();
                _release.Wait(Deadline);
            }
            else if (FailNext)
            {
                FailNext = false;
                throw new IOException("injected I/O error");
            }
            return inner.Commit(batch, stamper, now);
        }

        public IReadOnlyList<LogRow> ReadLog(long afterRevision, int max) => inner.ReadLog(afterRevision, max);

        public CompactionOutcome Compact(long throughRevision, int maxRows) => inner.Compact(throughRevision, maxRows);

        public void Probe() => inner.Probe();

        public void WaitForChanges(CancellationToken ct) => inner.WaitForChanges(ct);

        public long? SharedRevision() =>
            RevisionUnreachable ? throw new StorageUnavailableException("injected: the database is unreachable") : inner.SharedRevision();

        public void Dispose()
        {
            inner.Dispose();
            _release.Dispose();
        }
    }
}
