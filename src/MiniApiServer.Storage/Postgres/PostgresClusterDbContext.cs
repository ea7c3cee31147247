using Microsoft.EntityFrameworkCore;

namespace MiniApiServer.Storage.Postgres;

/// <summary>The same schema as SQLite's, with its own migration set (Postgres/Migrations).</summary>
public sealed class PostgresClusterDbContext(DbContextOptions<PostgresClusterDbContext> options) : DbContext(options)
{
    public DbSet<Sqlite.ObjectRow> Objects => Set<Sqlite.ObjectRow>();
    public DbSet<Sqlite.ChangeRow> Changes => Set<Sqlite.ChangeRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => ClusterModel.Configure(modelBuilder, sqliteAutoincrement: false);
}
