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

    [Fact]
    public void NewDatabase_Has16KiBPages_AnExistingOneKeepsItsOwn()
    {
        using (var backend = Open())
        {
            backend.Commit([Writes.Create("a")], RevisionStamper.Instance, DateTimeOffset.UnixEpoch);
        }
        Assert.Equal(16384L, PageSize(_db.File));

        using var older = new TempDatabase();
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={older.File};Pooling=False"))
        {
            connection.Open();
            using var create = connection.CreateCommand();
            create.CommandText = "PRAGMA page_size=4096; PRAGMA journal_mode=WAL; CREATE TABLE before_this_change (x INTEGER);";
            create.ExecuteNonQuery();
        }
        using (var backend = new SqliteBackend(older.File))
        {
            Assert.Equal(WriteOutcome.Ok, backend.Commit([Writes.Create("b")], RevisionStamper.Instance, DateTimeOffset.UnixEpoch)[0].Outcome);
        }
        Assert.Equal(4096L, PageSize(older.File));
        using var reopened = new SqliteBackend(older.File);
        Assert.Single(reopened.ReadLog(0, 100), c => c.Name == "b");
    }

    private static long PageSize(string file)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA page_size";
        return (long)cmd.ExecuteScalar()!;
    }

    public void Dispose() => _db.Dispose();
}
