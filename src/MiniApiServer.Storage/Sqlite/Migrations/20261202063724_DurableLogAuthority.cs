using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MiniApiServer.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DurableLogAuthority : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "prev_revision",
                table: "changes",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "cluster_meta",
                columns: table => new
                {
                    key = table.Column<string>(type: "TEXT", nullable: false),
                    value = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cluster_meta", x => x.key);
                });

            // A release-1 database assigned revisions in process memory; the counter takes over from the
            // highest revision it ever handed out (AUTOINCREMENT's sequence survives compaction of the newest rows).
            migrationBuilder.Sql(
                "INSERT INTO cluster_meta (key, value) SELECT 'revision', MAX(" +
                "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'changes'), 0), " +
                "COALESCE((SELECT MAX(id) FROM changes), 0));");
            migrationBuilder.Sql(
                "INSERT INTO cluster_meta (key, value) SELECT 'compacted', " +
                "COALESCE((SELECT MIN(id) - 1 FROM changes), (SELECT value FROM cluster_meta WHERE key = 'revision'));");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cluster_meta");

            migrationBuilder.DropColumn(
                name: "prev_revision",
                table: "changes");
        }
    }
}
