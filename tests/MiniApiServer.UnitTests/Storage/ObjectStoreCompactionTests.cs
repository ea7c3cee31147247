using MiniApiServer.Application.Resources;
using MiniApiServer.Storage;
using MiniApiServer.Storage.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace MiniApiServer.UnitTests.Storage;

/// <summary>The store compacts in batches sized by time, keeps going while idle, and reports a failing compaction.</summary>
public sealed class ObjectStoreCompactionTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    private readonly TempDatabase _db = new();

    private static StorageOptions SmallWindow() => new() { WatchWindowMinEvents = 10, WatchWindow = TimeSpan.Zero };

    [Fact]
    public async Task SlowCompaction_ShrinksItsBatches_AndFinishesTheLogWithoutFurtherWrites()
    {
        var clock = new FakeTimeProvider();
        // Every compaction call "takes" 40 ms on the store's clock, a loaded database's pace.
        var backend = new CompactionProbe(new SqliteBackend(_db.File), () => clock.Advance(TimeSpan.FromMilliseconds(40)));
        using var store = new ObjectStore(backend, new ResourceIndexer(), SmallWindow(), clock);
        await Task.WhenAll(Enumerable.Range(0, 600).Select(i => store.WriteAsync(Writes.Create($"cm-{i}"))));
        clock.Advance(TimeSpan.FromSeconds(1));
        await store.WriteAsync(Writes.Create("ages-the-window"));
        var expired = store.Feed.CompactedThrough;
        Assert.True(expired >= 500, $"the feed keeps only its window, compacted through {expired}");

        store.RequestCompaction();
        await store.WriteAsync(Writes.Create("wake-the-writer"));
        await Eventually(() => backend.Examined >= expired);

        var calls = backend.Calls.ToArray();
        Assert.Equal(256, calls[0]);
        // 40 ms for 256 rows against an 8 ms target: every later batch is a fifth of that (51 rows) or less.
        Assert.Equal(TimeSpan.FromMilliseconds(8), new StorageOptions().CompactionBatchTarget);
        Assert.All(calls.Skip(1), rows => Assert.InRange(rows, 16, 51));
        Assert.True(calls.Length > 10, $"{calls.Length} batches");
    }

    [Fact]
    public async Task CompactionThatThrows_IsReported_AndWritesGoOn()
    {
        var backend = new CompactionProbe(new SqliteBackend(_db.File), () => throw new IOException("injected compaction error"));
        using var store = new ObjectStore(backend, new ResourceIndexer(), SmallWindow(), TimeProvider.System);
        var failures = new List<Exception>();
        store.CompactionFailed += ex => { lock (failures) { failures.Add(ex); } };
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => store.WriteAsync(Writes.Create($"cm-{i}"))));
        Assert.True(store.Feed.CompactedThrough > 0);

        store.RequestCompaction();
        Assert.True((await store.WriteAsync(Writes.Create("after")).WaitAsync(Deadline)).Succeeded);
        await Eventually(() => { lock (failures) { return failures.Count > 0; } });
        Assert.Contains("injected compaction error", failures[0].Message, StringComparison.Ordinal);
        Assert.True(store.Health.Healthy, "a failed compaction is not a failed commit");
        Assert.True((await store.WriteAsync(Writes.Create("after-2")).WaitAsync(Deadline)).Succeeded);
    }

    [Fact]
    public async Task BackendThatCompactsBesideWrites_CommitsWhileACompactionBatchIsStillOpen()
    {
        using var held = new ManualResetEventSlim();
        using var entered = new SemaphoreSlim(0);
        var backend = new CompactionProbe(new SqliteBackend(_db.File), () => { entered.Release(); held.Wait(Deadline); }) { Beside = true };
        using var store = new ObjectStore(backend, new ResourceIndexer(), SmallWindow(), TimeProvider.System);
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => store.WriteAsync(Writes.Create($"cm-{i}"))));

        store.RequestCompaction();
        Assert.True(await entered.WaitAsync(Deadline), "compaction started");
        // The compaction batch is still open; on the writer thread this write would wait for it.
        var write = await store.WriteAsync(Writes.Create("during")).WaitAsync(Deadline);
        Assert.True(write.Succeeded);
        held.Set();
        await Eventually(() => backend.Examined > 0);
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "condition not met before the deadline");
            await Task.Delay(10);
        }
    }

    public void Dispose() => _db.Dispose();

    private sealed class CompactionProbe(IStorageBackend inner, Action onCompact) : IStorageBackend
    {
        private int _examined;

        public System.Collections.Concurrent.ConcurrentQueue<int> Calls { get; } = new();

        public int Examined => Volatile.Read(ref _examined);

        public bool Beside { get; init; }

        public bool CompactsBesideWrites => Beside;

        public CompactionOutcome Compact(long throughRevision, int maxRows)
        {
            Calls.Enqueue(maxRows);
            onCompact();
            var outcome = inner.Compact(throughRevision, maxRows);
            Interlocked.Add(ref _examined, outcome.Examined);
            return outcome;
        }

        public StorageSnapshot Load(IObjectIndexer indexer) => inner.Load(indexer);

        public IReadOnlyList<CommitOutcome> Commit(IReadOnlyList<WriteCommand> batch, IRevisionStamper stamper, DateTimeOffset now) =>
            inner.Commit(batch, stamper, now);

        public IReadOnlyList<LogRow> ReadLog(long afterRevision, int max) => inner.ReadLog(afterRevision, max);

        public void Probe() => inner.Probe();

        public void WaitForChanges(CancellationToken ct) => inner.WaitForChanges(ct);

        public long? SharedRevision() => inner.SharedRevision();

        public void Dispose() => inner.Dispose();
    }
}
