using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using MiniApiServer.Storage.Sqlite;

namespace MiniApiServer.UnitTests.Storage;

/// <summary>
/// A start-up reads the migration history itself and leaves EF Core's model unbuilt when every migration is applied;
/// what it counts as applied must be what EF Core's own check counts.
/// </summary>
public sealed class SqliteSchemaCheckTests : IDisposable
{
    private readonly TempDatabase _db = new();

    [Fact]
    public void KnownMigrations_AreTheOnesEfCoreFinds()
    {
        using var db = Context();

        Assert.Equal(db.Database.GetMigrations(), SchemaMigrator.Known);
    }

    [Fact]
    public void DatabaseWithEveryMigration_IsCurrent_AndOneWithoutTheLast_IsNot()
    {
        new SqliteBackend(_db.File).Dispose();
        Assert.True(IsCurrent());
        using (var db = Context())
        {
            Assert.Empty(db.Database.GetPendingMigrations());
        }

        using (var db = Context())
        {
            var all = db.Database.GetMigrations().ToList();
            db.GetService<IMigrator>().Migrate(all[^2]);
        }

        Assert.False(IsCurrent());
        using (var db = Context())
        {
            Assert.Single(db.Database.GetPendingMigrations());
        }
    }

    [Fact]
    public void EmptyFile_IsNotCurrent()
    {
        using var connection = Open();

        Assert.False(SchemaMigrator.IsCurrent(connection));
    }

    public void Dispose() => _db.Dispose();

    private bool IsCurrent()
    {
        using var connection = Open();
        return SchemaMigrator.IsCurrent(connection);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={_db.File};Pooling=False");
        connection.Open();
        return connection;
    }

    private ClusterDbContext Context() =>
        new(new DbContextOptionsBuilder<ClusterDbContext>().UseSqlite($"Data Source={_db.File};Pooling=False").Options);
}
