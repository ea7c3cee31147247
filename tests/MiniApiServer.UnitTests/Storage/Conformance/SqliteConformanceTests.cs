using Microsoft.EntityFrameworkCore;
using MiniApiServer.Storage;
using MiniApiServer.Storage.Sqlite;

namespace MiniApiServer.UnitTests.Storage.Conformance;

public sealed class SqliteConformanceTests : StorageConformance, IDisposable
{
    private readonly TempDatabase _db = new();

    protected override IStorageBackend Open() => new SqliteBackend(_db.File);

    protected override string DbArgument => _db.File;

    protected override DbContext OpenSchema() =>
        new ClusterDbContext(new DbContextOptionsBuilder<ClusterDbContext>().UseSqlite($"Data Source={_db.File};Pooling=False").Options);

    protected override string MigrationBeforeLogHoldsObjects => "20261202063724_DurableLogAuthority";

    [Fact]
    public void SecondOwner_IsRefused_NamingThePathAndThePid()
    {
        using var owner = Open();
        var ex = Assert.Throws<DatabaseInUseException>(Open);
        Assert.Equal($"database {_db.File} is in use by another MiniApiServer process (pid {Environment.ProcessId})", ex.Message);
        // The owner is untouched by the attempt.
        Assert.Equal(WriteOutcome.Ok, owner.Commit([Writes.Create("a")], RevisionStamper.Instance, DateTimeOffset.UnixEpoch)[0].Outcome);
    }

    public void Dispose() => _db.Dispose();
}
