using Microsoft.EntityFrameworkCore;

namespace MiniApiServer.Storage.Sqlite;

/// <summary>The schema, owned by EF Core. Hot-path writes bypass change tracking (see <see cref="SqliteBackend"/>).</summary>
public sealed class ClusterDbContext(DbContextOptions<ClusterDbContext> options) : DbContext(options)
{
    public DbSet<ObjectRow> Objects => Set<ObjectRow>();
    public DbSet<ChangeRow> Changes => Set<ChangeRow>();
    public DbSet<MetaRow> Meta => Set<MetaRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => ClusterModel.Configure(modelBuilder, sqliteAutoincrement: true);
}
