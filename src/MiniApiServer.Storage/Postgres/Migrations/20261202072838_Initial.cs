using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MiniApiServer.Storage.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    resource = table.Column<string>(type: "text", nullable: false),
                    @namespace = table.Column<string>(name: "namespace", type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    type = table.Column<int>(type: "integer", nullable: false),
                    prev_revision = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    committed_at_ms = table.Column<long>(type: "bigint", nullable: false),
                    json = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_changes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "cluster_meta",
                columns: table => new
                {
                    key = table.Column<string>(type: "text", nullable: false),
                    value = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cluster_meta", x => x.key);
                });

            migrationBuilder.CreateTable(
                name: "objects",
                columns: table => new
                {
                    resource = table.Column<string>(type: "text", nullable: false),
                    @namespace = table.Column<string>(name: "namespace", type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    revision = table.Column<long>(type: "bigint", nullable: false),
                    json = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_objects", x => new { x.resource, x.@namespace, x.name });
                });

            // The counters every write transaction reads (FOR UPDATE) and advances.
            migrationBuilder.Sql("INSERT INTO cluster_meta (key, value) VALUES ('revision', 0), ('compacted', 0);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "changes");

            migrationBuilder.DropTable(
                name: "cluster_meta");

            migrationBuilder.DropTable(
                name: "objects");
        }
    }
}
