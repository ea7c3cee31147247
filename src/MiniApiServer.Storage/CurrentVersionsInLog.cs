using Microsoft.EntityFrameworkCore.Migrations;

namespace MiniApiServer.Storage;

/// <summary>
/// The data half of the LogHoldsObjects migration, the same SQL on both providers: before objects lose their copy
/// of the bytes, the log must hold every current version and every row must name the version it superseded, or
/// compaction (<see cref="CompactionRule"/>) would later delete a live object's only copy or keep dead ones.
/// </summary>
public static class CurrentVersionsInLog
{
    public static void Up(MigrationBuilder migration)
    {
        // The old compaction deleted every row at or below the mark, current versions included: put those back.
        migration.Sql(
            "INSERT INTO changes (id, resource, namespace, name, type, prev_revision, committed_at_ms, json) " +
            "SELECT o.revision, o.resource, o.namespace, o.name, 1, 0, 0, o.json FROM objects o " +
            "WHERE NOT EXISTS (SELECT 1 FROM changes c WHERE c.id = o.revision);");
        // Unconditional updates and deletes used to log prev_revision 0; their predecessor is the newest earlier
        // row of the same key (a re-created object starts with an Added row, which supersedes nothing).
        migration.Sql("CREATE INDEX ix_changes_key_migration ON changes (resource, namespace, name, id);");
        migration.Sql(
            "UPDATE changes SET prev_revision = COALESCE((SELECT MAX(p.id) FROM changes p WHERE p.resource = changes.resource " +
            "AND p.namespace = changes.namespace AND p.name = changes.name AND p.id < changes.id), 0) " +
            "WHERE type <> 1 AND prev_revision = 0;");
        migration.Sql("DROP INDEX ix_changes_key_migration;");
    }

    /// <summary>Runs after the json column is back on objects: each object takes its bytes from its current log row.</summary>
    public static void Down(MigrationBuilder migration) =>
        migration.Sql("UPDATE objects SET json = (SELECT c.json FROM changes c WHERE c.id = objects.revision);");
}
