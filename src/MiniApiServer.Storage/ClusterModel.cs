using Microsoft.EntityFrameworkCore;
using MiniApiServer.Storage.Sqlite;

namespace MiniApiServer.Storage;

/// <summary>
/// The one schema both providers migrate to: current objects (key and revision), the change log whose id is the
/// revision and which holds every retained version's bytes, and the counters the database owns. The row types keep their first namespace because the SQLite migrations
/// name them.
/// </summary>
public static class ClusterModel
{
    public static void Configure(ModelBuilder modelBuilder, bool sqliteAutoincrement)
    {
        modelBuilder.Entity<ObjectRow>(e =>
        {
            // SQLite keeps this table WITHOUT ROWID (migration ObjectsWithoutRowid), which the model cannot say.
            e.ToTable("objects");
            e.HasKey(o => new { o.Resource, o.Namespace, o.Name });
            e.Property(o => o.Resource).HasColumnName("resource");
            e.Property(o => o.Namespace).HasColumnName("namespace");
            e.Property(o => o.Name).HasColumnName("name");
            e.Property(o => o.Revision).HasColumnName("revision");
        });
        modelBuilder.Entity<ChangeRow>(e =>
        {
            e.ToTable("changes");
            e.HasKey(c => c.Id);
            var id = e.Property(c => c.Id).HasColumnName("id");
            if (sqliteAutoincrement)
            {
                // Release 1 let SQLite assign ids; AUTOINCREMENT kept them increasing after the newest rows were compacted.
                id.ValueGeneratedOnAdd().HasAnnotation("Sqlite:Autoincrement", true);
            }
            else
            {
                // The revision counter in cluster_meta assigns ids inside the write transaction; no sequence, so no gaps.
                id.ValueGeneratedNever();
            }
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
