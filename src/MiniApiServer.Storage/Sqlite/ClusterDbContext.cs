using Microsoft.EntityFrameworkCore;

namespace MiniApiServer.Storage.Sqlite;

/// <summary>The schema, owned by EF Core. Hot-path writes bypass change tracking (see <see cref="SqliteBackend"/>).</summary>
public sealed class ClusterDbContext(DbContextOptions<ClusterDbContext> options) : DbContext(options)
{
    public DbSet<ObjectRow> Objects => Set<ObjectRow>();
    public DbSet<ChangeRow> Changes => Set<ChangeRow>();
    public DbSet<MetaRow> Meta => Set<MetaRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ObjectRow>(e =>
        {
            e.ToTable("objects");
            e.HasKey(o => new { o.Resource, o.Namespace, o.Name });
            e.Property(o => o.Resource).HasColumnName("resource");
            e.Property(o => o.Namespace).HasColumnName("namespace");
            e.Property(o => o.Name).HasColumnName("name");
            e.Property(o => o.Revision).HasColumnName("revision");
            e.Property(o => o.Json).HasColumnName("json");
        });
        modelBuilder.Entity<ChangeRow>(e =>
        {
            e.ToTable("changes");
            e.HasKey(c => c.Id);
            // AUTOINCREMENT keeps ids (= resourceVersions) increasing even after the newest rows are compacted away.
            e.Property(c => c.Id).HasColumnName("id").ValueGeneratedOnAdd()
                .HasAnnotation("Sqlite:Autoincrement", true);
            e.Property(c => c.Resource).HasColumnName("resource");
            e.Property(c => c.Namespace).HasColumnName("namespace");
            e.Property(c => c.Name).HasColumnName("name");
            e.Property(c => c.Type).HasColumnName("type");
            e.Property(c => c.PrevRevision).HasColumnName("prev_revision").HasDefaultValue(0L);
            e.Property(c => c.CommittedAtMs).HasColumnName("committed_at_ms");
            e.Property(c => c.Json).HasColumnName("json");
        });
        modelBuilder.Entity<MetaRow>(e =>
        {
            e.ToTable("cluster_meta");
            e.HasKey(m => m.Key);
            e.Property(m => m.Key).HasColumnName("key");
            e.Property(m => m.Value).HasColumnName("value");
        });
    }
}
