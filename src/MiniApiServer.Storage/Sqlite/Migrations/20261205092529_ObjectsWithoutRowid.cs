using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MiniApiServer.Storage.Sqlite.Migrations
{
    /// <summary>
    /// The objects table becomes a WITHOUT ROWID table: one B-tree keyed by (resource, namespace, name) instead of a
    /// rowid table plus the separate index its composite primary key needed, so a create or update touches one tree.
    /// api-write over wrk, 3 alternating pairs: 2-7% more creates/s at 2-7% less server CPU per create in session 24,
    /// less CPU in 2 of 3 pairs in session 25 (docs/benchmarks.md, "Sessions 24 and 25"). EF Core has no model
    /// annotation for WITHOUT ROWID: a later migration that rebuilds this table must keep the clause by hand.
    /// </summary>
    public partial class ObjectsWithoutRowid : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => Rebuild(migrationBuilder, " WITHOUT ROWID");

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => Rebuild(migrationBuilder, "");

        private static void Rebuild(MigrationBuilder migrationBuilder, string options)
        {
            migrationBuilder.Sql(
                "CREATE TABLE \"objects_rebuilt\" (\"resource\" TEXT NOT NULL, \"namespace\" TEXT NOT NULL, \"name\" TEXT NOT NULL, " +
                "\"revision\" INTEGER NOT NULL, CONSTRAINT \"PK_objects\" PRIMARY KEY (\"resource\", \"namespace\", \"name\"))" + options + ";");
            migrationBuilder.Sql(
                "INSERT INTO \"objects_rebuilt\" (\"resource\", \"namespace\", \"name\", \"revision\") " +
                "SELECT \"resource\", \"namespace\", \"name\", \"revision\" FROM \"objects\";");
            migrationBuilder.Sql("DROP TABLE \"objects\";");
            migrationBuilder.Sql("ALTER TABLE \"objects_rebuilt\" RENAME TO \"objects\";");
        }
    }
}
