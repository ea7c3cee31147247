using MiniApiServer.Storage.Postgres;

namespace MiniApiServer.UnitTests.Hosting;

/// <summary>The startup banner and its kubectl hint name the database; a PostgreSQL password must never be printed.</summary>
public sealed class DatabaseDisplayTests
{
    [Theory]
    [InlineData("postgresql://mini:s3cret@db.local:5433/cluster?sslmode=disable", "postgresql://mini@db.local:5433/cluster?sslmode=disable")]
    [InlineData("postgres://mini@db.local/cluster", "postgres://mini@db.local/cluster")]
    [InlineData("postgresql://db.local/cluster", "postgresql://db.local/cluster")]
    public void PostgresUri_IsShownWithoutItsPassword(string db, string shown) =>
        Assert.Equal(shown, PostgresConnectionString.Display(db));

    [Fact]
    public void SqliteFile_IsShownByItsFullPath() =>
        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "data", "cluster.db"), PostgresConnectionString.Display(Path.Combine("data", "cluster.db")));
}
