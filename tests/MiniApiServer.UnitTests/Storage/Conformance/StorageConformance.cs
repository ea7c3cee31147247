using System.Text.Json.Nodes;
using MiniApiServer.Application.Resources;
using MiniApiServer.Storage;
using MiniApiServer.Storage.Watching;

namespace MiniApiServer.UnitTests.Storage.Conformance;

/// <summary>
/// One storage contract, run against each provider: the database decides preconditions inside the commit
/// transaction (kine's prev_revision) and assigns revisions from its counter, with no cache involved; the
/// log survives a reopen; resumption and 410 follow the compacted mark.
/// </summary>
public abstract partial class StorageConformance
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <summary>A backend on this test's database; a second call opens the same database again.</summary>
    protected abstract IStorageBackend Open();

    /// <summary>This test's database as the server's --db argument, for the tests that run a server process on it.</summary>
    protected abstract string DbArgument { get; }

    [Fact]
    public void OneBatch_DecidesEachWriteAfterTheEarlierOnes_AndRevisionsHaveNoGaps()
    {
        using var backend = Open();
        var outcomes = backend.Commit(
        [
            Writes.Create("a"),
            Writes.Create("a"),           // refused: the first create of the batch already holds the key
            Writes.Update("a", 1, "v2"),  // computed from revision 1, which the first write got
            Writes.Update("a", 1, "v3"),  // stale: the object moved on to revision 2
            Writes.Delete("missing", 7),
            Writes.Create("b"),
            Writes.Delete("a", 2),
        ], RevisionStamper.Instance, DateTimeOffset.UnixEpoch);

        Assert.Equal(
            [(WriteOutcome.Ok, 1L), (WriteOutcome.AlreadyExists, 0L), (WriteOutcome.Ok, 2L), (WriteOutcome.Conflict, 0L),
             (WriteOutcome.NotFound, 0L), (WriteOutcome.Ok, 3L), (WriteOutcome.Ok, 4L)],
            outcomes.Select(o => (o.Outcome, o.Revision)));
        var log = backend.ReadLog(0, 100);
        Assert.Equal([1L, 2L, 3L, 4L], log.Select(r => r.Revision));
        Assert.Equal([ChangeType.Added, ChangeType.Modified, ChangeType.Added, ChangeType.Deleted], log.Select(r => r.Type));
        // The deletion row carries the last state, stamped with the deletion's own revision.
        var deleted = JsonNode.Parse(log[3].Json)!;
        Assert.Equal("v2", (string?)deleted["data"]!["k"]);
        Assert.Equal("4", (string?)deleted["metadata"]!["resourceVersion"]);
    }

    /// <summary>PostgreSQL pipelines a batch without deletes and numbers it up front; a refusal must not leave a gap.</summary>
    [Fact]
    public void BatchOfCreatesWithADuplicate_RefusesIt_AndNumbersTheRestWithoutAGap()
    {
        using var backend = Open();
        var outcomes = backend.Commit([Writes.Create("a"), Writes.Create("b"), Writes.Create("a"), Writes.Create("c")],
            RevisionStamper.Instance, DateTimeOffset.UnixEpoch);

        Assert.Equal([(WriteOutcome.Ok, 1L), (WriteOutcome.Ok, 2L), (WriteOutcome.AlreadyExists, 0L), (WriteOutcome.Ok, 3L)],
            outcomes.Select(o => (o.Outcome, o.Revision)));
        Assert.Equal([1L, 2L, 3L], backend.ReadLog(0, 100).Select(r => r.Revision));
        Assert.Equal("3", (string?)JsonNode.Parse(backend.ReadLog(2, 1)[0].Json)!["metadata"]!["resourceVersion"]);
    }

    /// <summary>
    /// Creates that carry a resourceVersion placeholder are stamped in place; PostgreSQL numbers a batch up front and, on a
    /// refusal, numbers it again one write at a time, so a placeholder may be stamped twice, and past 9 needs a copy.
    /// </summary>
    [Fact]
    public void PlaceholderCreates_InABatchWithARefusal_StoreTheirFinalRevisions()
    {
        using var backend = Open();
        string[] names = ["a", "b", "a", "c", "d", "e", "f", "g", "h", "i", "j", "k"];
        var outcomes = backend.Commit([.. names.Select(n => Writes.CreateWithPlaceholder(n, 1))], RevisionStamper.Instance, DateTimeOffset.UnixEpoch);

        Assert.Equal([1L, 2L, 0L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L], outcomes.Select(o => o.Revision));
        Assert.Equal(WriteOutcome.AlreadyExists, outcomes[2].Outcome);
        var log = backend.ReadLog(0, 100);
        Assert.Equal(Enumerable.Range(1, 11).Select(r => (long)r), log.Select(r => r.Revision));
        foreach (var row in log)
        {
            var expected = $"{{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{{\"name\":\"{row.Name}\",\"namespace\":\"default\",\"resourceVersion\":\"{row.Revision}\"}},\"data\":{{\"k\":\"v\"}}}}";
            Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(row.Json));
            Assert.Equal(expected, System.Text.Encoding.UTF8.GetString(outcomes.Single(o => o.Revision == row.Revision).Json!));
        }
    }

    [Fact]
    public void RevisionCounter_SurvivesReopen_AndContinuesAfterTheLastCommit()
    {
        using (var backend = Open())
        {
            backend.Commit([Writes.Create("a"), Writes.Create("b")], RevisionStamper.Instance, DateTimeOffset.UnixEpoch);
        }
        using var reopened = Open();
        var snapshot = reopened.Load(new ResourceIndexer());
        Assert.Equal(2, snapshot.Revision);
        Assert.Equal(["a", "b"], snapshot.Objects.Select(o => o.Name).Order());
        var next = reopened.Commit([Writes.Update("a", 1, "again")], RevisionStamper.Instance, DateTimeOffset.UnixEpoch);
        Assert.Equal(3, next[0].Revision);
    }

    [Fact]
    public async Task Watch_ResumesAfterARetainedRevision_AndGets410BeforeTheCompactedMark()
    {
        using (var backend = Open())
        {
            for (var i = 1; i <= 10; i++)
            {
                backend.Commit([Writes.Create($"c{i}")], RevisionStamper.Instance, DateTimeOffset.UtcNow);
            }
            // Ten creates supersede nothing: the mark passes five rows and every object keeps its only version.
            Assert.Equal(new CompactionOutcome(5, 0), backend.Compact(5, 1000));
        }
        using var store = new ObjectStore(Open(), new ResourceIndexer(), new StorageOptions(), TimeProvider.System);

        Assert.Throws<RevisionExpiredException>(() => ListWatch.Start(store, new WatchSpec(Writes.ConfigMaps, FromRevision: 3)));
        using var watch = ListWatch.Start(store, new WatchSpec(Writes.ConfigMaps, FromRevision: 6));
        var created = await store.WriteAsync(Writes.Create("c11")).WaitAsync(Deadline);
        var seen = new List<long>();
        while (watch.TryRead(out var e))
        {
            seen.Add(e.Revision);
        }
        Assert.Equal([7L, 8L, 9L, 10L, created.Object!.ResourceVersion], seen);
        Assert.Equal(11, created.Object.ResourceVersion);
    }

    [Fact]
    public async Task ConcurrentStores_OnOneDatabase_RefuseTheLoserOfARace_AndNeverReuseARevision()
    {
        using var store = new ObjectStore(Open(), new ResourceIndexer(), new StorageOptions(), TimeProvider.System);
        var created = await store.WriteAsync(Writes.Create("x")).WaitAsync(Deadline);
        var rv = created.Object!.ResourceVersion;
        var racers = Enumerable.Range(0, 20).Select(i => store.WriteAsync(Writes.Update("x", rv, $"w{i}"))).ToList();
        var results = await Task.WhenAll(racers).WaitAsync(Deadline);
        Assert.Single(results, r => r.Succeeded);
        Assert.Equal(19, results.Count(r => r.Outcome == WriteOutcome.Conflict));
        var winner = results.Single(r => r.Succeeded).Object!;
        Assert.Equal(winner.ResourceVersion, store.Cache.Get(Writes.ConfigMaps, "default", "x")!.ResourceVersion);
    }
}
