using System.Text.Json.Nodes;
using MiniApiServer.Application.Resources;
using MiniApiServer.Storage;
using MiniApiServer.Storage.Sqlite;

namespace MiniApiServer.UnitTests.Storage;

/// <summary>
/// The database decides: preconditions are checked by the statements of the commit transaction (kine's
/// prev_revision), and revisions come from the counter in the same transaction, with no cache involved.
/// </summary>
public sealed class SqliteBackendPreconditionTests : IDisposable
{
    private readonly TempDatabase _db = new();

    [Fact]
    public void OneBatch_DecidesEachWriteAfterTheEarlierOnes_AndRevisionsHaveNoGaps()
    {
        using var backend = new SqliteBackend(_db.File);
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

    [Fact]
    public void RevisionCounter_SurvivesReopen_AndContinuesAfterTheLastCommit()
    {
        using (var backend = new SqliteBackend(_db.File))
        {
            backend.Commit([Writes.Create("a"), Writes.Create("b")], RevisionStamper.Instance, DateTimeOffset.UnixEpoch);
        }
        using var reopened = new SqliteBackend(_db.File);
        var snapshot = reopened.Load(new ResourceIndexer());
        Assert.Equal(2, snapshot.Revision);
        var next = reopened.Commit([Writes.Update("a", 1, "again")], RevisionStamper.Instance, DateTimeOffset.UnixEpoch);
        Assert.Equal(3, next[0].Revision);
    }

    [Fact]
    public void SecondOwner_IsRefused_NamingThePathAndThePid()
    {
        using var owner = new SqliteBackend(_db.File);
        var ex = Assert.Throws<DatabaseInUseException>(() => new SqliteBackend(_db.File));
        Assert.Equal($"database {_db.File} is in use by another MiniApiServer process (pid {Environment.ProcessId})", ex.Message);
        // The owner is untouched by the attempt.
        Assert.Equal(WriteOutcome.Ok, owner.Commit([Writes.Create("a")], RevisionStamper.Instance, DateTimeOffset.UnixEpoch)[0].Outcome);
    }

    public void Dispose() => _db.Dispose();
}
