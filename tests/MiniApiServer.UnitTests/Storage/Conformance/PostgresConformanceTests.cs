using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using MiniApiServer.Application.Resources;
using MiniApiServer.IntegrationTests.Infrastructure;
using MiniApiServer.Storage;
using MiniApiServer.Storage.Postgres;

namespace MiniApiServer.UnitTests.Storage.Conformance;

public sealed class PostgresConformanceTests(PostgresServer server) : StorageConformance, IClassFixture<PostgresServer>
{
    private readonly string _uri = server.NewDatabase();

    protected override IStorageBackend Open() => new PostgresBackend(_uri);

    protected override string DbArgument => _uri;

    protected override DbContext OpenSchema() =>
        new PostgresClusterDbContext(new DbContextOptionsBuilder<PostgresClusterDbContext>().UseNpgsql(PostgresConnectionString.FromUri(_uri)).Options);

    protected override string MigrationBeforeLogHoldsObjects => "20261202072838_Initial";

    /// <summary>
    /// The ChangesJsonLz4 migration: log rows written after it are lz4-compressed by PostgreSQL, rows written before keep
    /// pglz, and both read back as written.
    /// </summary>
    [Fact]
    public void LogBytes_WrittenAfterTheMigration_AreLz4_AndOlderRowsStillRead()
    {
        var large = "{\"metadata\":{\"name\":\"old\"},\"data\":{\"k\":\"" + new string('x', 8000) + "\"}}";
        using (var db = OpenSchema())
        {
            db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().Migrate("20261204025157_LogHoldsObjects");
            db.Database.ExecuteSqlRaw(
                "INSERT INTO changes (id, resource, namespace, name, type, prev_revision, committed_at_ms, json) VALUES (1, 'configmaps', 'default', 'old', 1, 0, 0, {0})",
                System.Text.Encoding.UTF8.GetBytes(large));
            db.Database.ExecuteSqlRaw("INSERT INTO objects (resource, namespace, name, revision) VALUES ('configmaps', 'default', 'old', 1)");
            db.Database.ExecuteSqlRaw("UPDATE cluster_meta SET value = 1 WHERE key = 'revision'");
        }
        using var backend = Open();
        var created = backend.Commit([Writes.Create("new", new string('y', 8000))], RevisionStamper.Instance, DateTimeOffset.UtcNow);
        Assert.Equal((WriteOutcome.Ok, 2L), (created[0].Outcome, created[0].Revision));

        using var db2 = OpenSchema();
        var methods = db2.Database.SqlQueryRaw<string>("SELECT pg_column_compression(json) AS \"Value\" FROM changes ORDER BY id").ToList();
        Assert.Equal(["pglz", "lz4"], methods);
        var log = backend.ReadLog(0, 10);
        Assert.Equal(large, System.Text.Encoding.UTF8.GetString(log[0].Json));
        Assert.Equal(new string('y', 8000), (string?)System.Text.Json.Nodes.JsonNode.Parse(log[1].Json)!["data"]!["k"]);
    }

    /// <summary>Two replicas on one database: a write through one reaches the other's cache and watchers by its tailer.</summary>
    [Fact]
    public async Task WriteThroughOneStore_ReachesTheOtherStoresCache()
    {
        using var a = new ObjectStore(Open(), new ResourceIndexer(), new StorageOptions(), TimeProvider.System);
        using var b = new ObjectStore(Open(), new ResourceIndexer(), new StorageOptions(), TimeProvider.System);
        var created = await a.WriteAsync(Writes.Create("shared")).WaitAsync(TimeSpan.FromSeconds(20));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (b.Cache.Get(Writes.ConfigMaps, "default", "shared") is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.Equal(created.Object!.ResourceVersion, b.Cache.Get(Writes.ConfigMaps, "default", "shared")?.ResourceVersion);
        // B's write computed from A's revision wins; A's stale one loses, decided by the database.
        var fromB = await b.WriteAsync(Writes.Update("shared", created.Object.ResourceVersion, "b")).WaitAsync(TimeSpan.FromSeconds(20));
        var fromA = await a.WriteAsync(Writes.Update("shared", created.Object.ResourceVersion, "a")).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.True(fromB.Succeeded);
        Assert.Equal(WriteOutcome.Conflict, fromA.Outcome);
    }

    /// <summary>
    /// The tailer waits for another replica's commits and reads them on its own thread. On a pool thread (an async wait,
    /// then a blocking log read per wake) it held one of a two-core machine's two pool threads at 500 remote writes/s,
    /// and the watches' deliveries stalled 0.5–1 s while the pool grew.
    /// </summary>
    [Fact]
    public async Task ForeignCommits_AreAwaitedAndRead_OffTheThreadPool()
    {
        var backend = new CountingBackend(Open());
        using var store = new ObjectStore(backend, new ResourceIndexer(), new StorageOptions(), TimeProvider.System);
        using var other = Open();

        for (var i = 0; i < 5; i++)
        {
            other.Commit([Writes.Create($"foreign-{i}")], RevisionStamper.Instance, DateTimeOffset.UtcNow);
            var name = $"foreign-{i}";
            await Eventually.True(() => Task.FromResult(store.Cache.Get(Writes.ConfigMaps, "default", name) is not null), what: name + " in the cache");
        }

        Assert.True(backend.LogReads >= 5, $"{backend.LogReads} log reads for 5 foreign commits");
        Assert.Equal(0, backend.LogReadsOnPoolThreads);
        Assert.Equal(0, backend.WaitsOnPoolThreads);
    }

    /// <summary>
    /// A replica's own commits reach its cache from its writer. Their notifications must not wake its tailer, which
    /// then read every batch back from the database beside the writer: only the once-a-second poll reads the log here.
    /// </summary>
    [Fact]
    public async Task OwnCommits_DoNotWakeTheTailer()
    {
        var backend = new CountingBackend(Open());
        using var store = new ObjectStore(backend, new ResourceIndexer(), new StorageOptions(), TimeProvider.System);
        using var other = Open();
        // Another replica's commit arriving shows the tailer is listening (it LISTENs on its first wait).
        other.Commit([Writes.Create("foreign")], RevisionStamper.Instance, DateTimeOffset.UtcNow);
        await Eventually.True(() => Task.FromResult(store.Cache.Get(Writes.ConfigMaps, "default", "foreign") is not null), what: "the foreign commit in the cache");
        var before = backend.LogReads;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        for (var i = 0; i < 30; i++)
        {
            Assert.True((await store.WriteAsync(Writes.Create($"own-{i}")).WaitAsync(TimeSpan.FromSeconds(20))).Succeeded);
        }

        var reads = backend.LogReads - before;
        // One read of slack beyond the polls: on a loaded CI machine the window once saw 2 reads in 0.3 s (the cause is not
        // pinned down; it passed on every run alone). Waking on its own commits reads once per batch, 30 reads here.
        var allowed = 2 + (int)clock.Elapsed.TotalSeconds;
        Assert.True(reads <= allowed, $"{reads} log reads during 30 own commits in {clock.Elapsed.TotalSeconds:F1} s (polls and one read of slack allow {allowed})");
    }

    /// <summary>
    /// A replica stalled inside its write transaction (here its stamper blocks once the revision row is locked, as a
    /// SIGSTOP there would) holds that lock only until PostgreSQL ends its idle session: another replica's write commits
    /// while the first is still stalled, and the stalled write fails when it resumes, never acknowledged.
    /// </summary>
    [Fact]
    public async Task ReplicaStalledInsideItsWriteTransaction_HoldsTheRevisionLockOnlyUntilPostgresEndsItsSession()
    {
        using var stalled = Open();
        using var other = Open();
        using var resume = new ManualResetEventSlim();
        var stamper = new StallingStamper(resume);
        var stalledCommit = Task.Run(() => stalled.Commit([Writes.Create("stalled")], stamper, DateTimeOffset.UtcNow));
        await stamper.Stalled.Task.WaitAsync(TimeSpan.FromSeconds(20));

        var committed = await Task.Run(() => other.Commit([Writes.Create("other")], RevisionStamper.Instance, DateTimeOffset.UtcNow))
            .WaitAsync(PostgresBackend.StallLimit + TimeSpan.FromSeconds(20));

        Assert.False(stalledCommit.IsCompleted);
        Assert.Equal(WriteOutcome.Ok, committed[0].Outcome);
        resume.Set();
        await Assert.ThrowsAnyAsync<Exception>(() => stalledCommit);
        Assert.Equal(WriteOutcome.Ok, stalled.Commit([Writes.Create("after")], RevisionStamper.Instance, DateTimeOffset.UtcNow)[0].Outcome);
        Assert.DoesNotContain(stalled.ReadLog(0, 100), row => row.Name == "stalled");
    }

    /// <summary>
    /// A commit's NOTIFY carries its last revision: another replica's store hears it, and is behind until its tailer has
    /// applied it (NamespaceLifecycle admission trusts its cache only while it is not).
    /// </summary>
    [Fact]
    public async Task ACommit_AnnouncesItsLastRevisionToTheOtherReplicas()
    {
        var listening = Open();
        using var store = new ObjectStore(listening, new ResourceIndexer(), new StorageOptions(), TimeProvider.System);
        using var other = Open();
        Assert.True((await store.WriteAsync(Writes.Create("own")).WaitAsync(TimeSpan.FromSeconds(20))).Succeeded);

        var first = other.Commit([Writes.Create("foreign-1")], RevisionStamper.Instance, DateTimeOffset.UtcNow)[0].Revision;
        await Eventually.True(() => Task.FromResult(listening.AnnouncedRevision == first), what: $"revision {first} announced");
        var batch = other.Commit([Writes.Create("foreign-2"), Writes.Create("foreign-3")], RevisionStamper.Instance, DateTimeOffset.UtcNow);
        await Eventually.True(() => Task.FromResult(listening.AnnouncedRevision == batch[1].Revision), what: $"revision {batch[1].Revision} announced");
        await Eventually.True(() => Task.FromResult(!store.BehindAnnouncedCommits), what: "the store caught up with the announced commits");
        Assert.NotNull(store.Cache.Get(Writes.ConfigMaps, "default", "foreign-3"));
    }

    /// <summary>
    /// After its first commit a replica commits in one round trip, claiming revisions from the counter value it last
    /// committed. It stamps its writes before it holds any lock, so another replica commits meanwhile; the claim then
    /// finds the counter moved, and the batch is committed after the other's, numbered without a gap.
    /// </summary>
    [Fact]
    public async Task ACommitAfterTheFirst_HoldsNoLockWhileItStamps_AndFollowsAnotherReplicasCommitWithoutAGap()
    {
        using var a = Open();
        using var b = Open();
        Assert.Equal(1L, a.Commit([Writes.Create("a-1")], RevisionStamper.Instance, DateTimeOffset.UtcNow)[0].Revision);
        using var resume = new ManualResetEventSlim();
        var stamper = new StallingStamper(resume);
        // Bytes with a placeholder are stamped in place: stamped at 2 and 3 first, they must end at 3 and 4.
        var stampedFirst = Task.Run(() => a.Commit([Writes.CreateWithPlaceholder("a-2", 1), Writes.CreateWithPlaceholder("a-3", 1)], stamper, DateTimeOffset.UtcNow));
        await stamper.Stalled.Task.WaitAsync(TimeSpan.FromSeconds(20));

        // Well inside the 10 s after which PostgreSQL would end a session that held the counter's lock.
        var other = await Task.Run(() => b.Commit([Writes.Create("b-1")], RevisionStamper.Instance, DateTimeOffset.UtcNow))
            .WaitAsync(TimeSpan.FromSeconds(5));
        resume.Set();
        var outcomes = await stampedFirst.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal((WriteOutcome.Ok, 2L), (other[0].Outcome, other[0].Revision));
        Assert.Equal([(WriteOutcome.Ok, 3L), (WriteOutcome.Ok, 4L)], outcomes.Select(o => (o.Outcome, o.Revision)));
        var log = a.ReadLog(0, 100);
        Assert.Equal([(1L, "a-1"), (2L, "b-1"), (3L, "a-2"), (4L, "a-3")], log.Select(r => (r.Revision, r.Name)));
        Assert.Equal("3", (string?)System.Text.Json.Nodes.JsonNode.Parse(log[2].Json)!["metadata"]!["resourceVersion"]);
        Assert.Equal("4", (string?)System.Text.Json.Nodes.JsonNode.Parse(log[3].Json)!["metadata"]!["resourceVersion"]);
        Assert.Equal(5L, a.Commit([Writes.Create("a-4")], RevisionStamper.Instance, DateTimeOffset.UtcNow)[0].Revision);
    }

    /// <summary>
    /// A refused write in a one-round-trip batch rolls back the whole batch (nothing of it stays, the counter included),
    /// and the batch is decided again one write at a time: the others are numbered without a gap.
    /// </summary>
    [Fact]
    public void ARefusalInAOneRoundTripBatch_LeavesNothingOfIt_AndTheRestIsNumberedWithoutAGap()
    {
        using var backend = Open();
        backend.Commit([Writes.Create("x")], RevisionStamper.Instance, DateTimeOffset.UtcNow);
        var stored = backend.Commit([Writes.Create("y"), Writes.Update("x", 1, "v2"), Writes.Create("x"), Writes.Update("x", 1, "v3"), Writes.Create("z")],
            RevisionStamper.Instance, DateTimeOffset.UtcNow);

        Assert.Equal(
            [(WriteOutcome.Ok, 2L), (WriteOutcome.Ok, 3L), (WriteOutcome.AlreadyExists, 0L), (WriteOutcome.Conflict, 0L), (WriteOutcome.Ok, 4L)],
            stored.Select(o => (o.Outcome, o.Revision)));
        Assert.Equal([(1L, "x"), (2L, "y"), (3L, "x"), (4L, "z")], backend.ReadLog(0, 100).Select(r => (r.Revision, r.Name)));
        Assert.Equal(5L, backend.Commit([Writes.Create("w")], RevisionStamper.Instance, DateTimeOffset.UtcNow)[0].Revision);
        Assert.Equal(5L, backend.SharedRevision());
    }

    /// <summary>
    /// The writer's connection dies between batches (PostgreSQL ended the session): the next one-round-trip batch fails
    /// as storage unavailable (a 503), unacknowledged, leaves nothing behind, and the batch after it reconnects and takes
    /// the next revision.
    /// </summary>
    [Fact]
    public void AWriterConnectionKilledBetweenBatches_FailsTheNextBatchWhole_AndTheOneAfterContinuesWithoutAGap()
    {
        using var backend = Open();
        Assert.Equal(1L, backend.Commit([Writes.Create("before")], RevisionStamper.Instance, DateTimeOffset.UtcNow)[0].Revision);
        using (var admin = server.Connect(_uri))
        {
            admin.Open();
            using var kill = new Npgsql.NpgsqlCommand(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", admin);
            Assert.True((long)kill.ExecuteScalar()! >= 1);
        }

        Assert.Throws<StorageUnavailableException>(() =>
            backend.Commit([Writes.Create("lost-1"), Writes.Create("lost-2")], RevisionStamper.Instance, DateTimeOffset.UtcNow));
        var after = backend.Commit([Writes.Create("after")], RevisionStamper.Instance, DateTimeOffset.UtcNow);

        Assert.Equal((WriteOutcome.Ok, 2L), (after[0].Outcome, after[0].Revision));
        Assert.Equal([(1L, "before"), (2L, "after")], backend.ReadLog(0, 100).Select(r => (r.Revision, r.Name)));
    }

    /// <summary>
    /// A database whose default isolation is REPEATABLE READ (a DBA's choice for other clients): a commit that waited on
    /// the revision counter's row lock would fail to serialize (40001) once the holder committed, a 503 on every
    /// contended write. The server's connections read committed whatever the database's default, so the waiting
    /// commit takes the next revision.
    /// </summary>
    [Fact]
    public async Task ACommitThatWaitedOnTheCounter_TakesTheNextRevision_WhateverTheDatabasesDefaultIsolation()
    {
        using (var admin = server.Connect(_uri))
        {
            admin.Open();
            using var set = new Npgsql.NpgsqlCommand($"ALTER DATABASE \"{admin.Database}\" SET default_transaction_isolation = 'repeatable read'", admin);
            set.ExecuteNonQuery();
        }
        using var a = Open();
        using var b = Open();
        // B's next batch claims in one round trip (an implicit transaction, at the database's default isolation).
        Assert.Equal(1L, b.Commit([Writes.Create("b-1")], RevisionStamper.Instance, DateTimeOffset.UtcNow)[0].Revision);
        using var resume = new ManualResetEventSlim();
        var stamper = new StallingStamper(resume);
        // A's first commit takes the locked way and stamps while it holds the counter's row lock.
        // Threads of their own: both block (the stall, the lock wait), and A's lock must be released well inside the 10 s
        // after which PostgreSQL ends its session, which waiting for the thread pool to grow on a loaded CI could exceed.
        var first = Task.Factory.StartNew(() => a.Commit([Writes.Create("a-1")], stamper, DateTimeOffset.UtcNow), TaskCreationOptions.LongRunning);
        await stamper.Stalled.Task.WaitAsync(TimeSpan.FromSeconds(20));
        var waiting = Task.Factory.StartNew(() => b.Commit([Writes.Create("b-2")], RevisionStamper.Instance, DateTimeOffset.UtcNow), TaskCreationOptions.LongRunning);
        await Eventually.True(() => Task.FromResult(LockWaiters() > 0), what: "b waits on the counter's row lock");

        resume.Set();

        var committed = await first.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal((WriteOutcome.Ok, 2L), (committed[0].Outcome, committed[0].Revision));
        var second = await waiting.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal((WriteOutcome.Ok, 3L), (second[0].Outcome, second[0].Revision));
        Assert.Equal([(1L, "b-1"), (2L, "a-1"), (3L, "b-2")], a.ReadLog(0, 100).Select(r => (r.Revision, r.Name)));
    }

    private long LockWaiters()
    {
        using var admin = server.Connect(_uri);
        admin.Open();
        using var count = new Npgsql.NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", admin);
        return (long)count.ExecuteScalar()!;
    }

    private sealed class StallingStamper(ManualResetEventSlim resume) : IRevisionStamper
    {
        public TaskCompletionSource Stalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public byte[] Stamp(WriteCommand command, long revision)
        {
            Stalled.TrySetResult();
            resume.Wait();
            return RevisionStamper.Instance.Stamp(command, revision);
        }

        public byte[] StampDeleted(byte[] lastState, long revision) => RevisionStamper.Instance.StampDeleted(lastState, revision);
    }
}
