using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using MiniApiServer.Application.Resources;
using MiniApiServer.Storage;
using MiniApiServer.Storage.Sqlite;

namespace MiniApiServer.UnitTests.Storage;

/// <summary>
/// The objects table is one B-tree (WITHOUT ROWID), in a new database and in one migrated from the schema before,
/// where it keeps every row and its preconditions.
/// </summary>
public sealed class SqliteObjectsTableTests : IDisposable
{
    private const string Before = "20261204025146_LogHoldsObjects";
    private readonly TempDatabase _db = new();

    [Fact]
    public void NewDatabase_HasTheObjectsTableWithoutRowidOrAnIndexBesideIt()
    {
        new SqliteBackend(_db.File).Dispose();
        var (sql, indexes) = Describe();
        Assert.EndsWith("WITHOUT ROWID", sql, StringComparison.Ordinal);
        Assert.Equal(0, indexes);
    }

    [Fact]
    public async Task DatabaseFromTheSchemaBefore_IsRebuiltWithItsRowsAndPreconditions()
    {
        long revisionOfKept;
        using (var backend = new SqliteBackend(_db.File))
        using (var store = new ObjectStore(backend, new ResourceIndexer(), new StorageOptions(), TimeProvider.System))
        {
            revisionOfKept = (await store.WriteAsync(Writes.Create("kept"))).Object!.ResourceVersion;
            await store.WriteAsync(Writes.Create("other"));
            var gone = (await store.WriteAsync(Writes.Create("gone"))).Object!.ResourceVersion;
            await store.WriteAsync(Writes.Delete("gone", gone));
        }
        MigrateTo(Before);
        var (before, beforeIndexes) = Describe();
        Assert.DoesNotContain("WITHOUT ROWID", before, StringComparison.Ordinal);
        Assert.Equal(1, beforeIndexes);

        using (var backend = new SqliteBackend(_db.File))
        using (var store = new ObjectStore(backend, new ResourceIndexer(), new StorageOptions(), TimeProvider.System))
        {
            Assert.Equal(["kept", "other"], store.Cache.List(Writes.ConfigMaps, "default").Items.Select(o => o.Name));
            Assert.Equal(WriteOutcome.AlreadyExists, (await store.WriteAsync(Writes.Create("kept"))).Outcome);
            Assert.Equal(WriteOutcome.Conflict, (await store.WriteAsync(Writes.Update("kept", revisionOfKept - 1, "stale"))).Outcome);
            Assert.Equal(WriteOutcome.Ok, (await store.WriteAsync(Writes.Update("kept", revisionOfKept, "fresh"))).Outcome);
            Assert.Equal(WriteOutcome.Ok, (await store.WriteAsync(Writes.Create("gone"))).Outcome);
        }
        var (after, afterIndexes) = Describe();
        Assert.EndsWith("WITHOUT ROWID", after, StringComparison.Ordinal);
        Assert.Equal(0, afterIndexes);
    }

    public void Dispose() => _db.Dispose();

    private void MigrateTo(string migration)
    {
        using var db = new ClusterDbContext(new DbContextOptionsBuilder<ClusterDbContext>().UseSqlite($"Data Source={_db.File};Pooling=False").Options);
        db.GetService<IMigrator>().Migrate(migration);
    }

    private (string Sql, long Indexes) Describe()
    {
        using var connection = new SqliteConnection($"Data Source={_db.File};Pooling=False");
        connection.Open();
        return Describe(connection);
    }

    private static (string Sql, long Indexes) Describe(SqliteConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'objects'";
        var sql = (string)cmd.ExecuteScalar()!;
        cmd.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name = 'objects'";
        return (sql, (long)cmd.ExecuteScalar()!);
    }
}
