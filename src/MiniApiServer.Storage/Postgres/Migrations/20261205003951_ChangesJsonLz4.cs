using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MiniApiServer.Storage.Postgres.Migrations
{
    /// <summary>
    /// New log rows' bytes are TOAST-compressed with lz4 instead of pglz where the server has it (PostgreSQL 14+ built
    /// with lz4, as Debian's and the official images are): pglz cost PostgreSQL ~20 of its ~83 CPU-µs per pod create.
    /// Rows already written keep pglz (both read back the same). A server without lz4 keeps pglz for all.
    /// </summary>
    public partial class ChangesJsonLz4 : Migration
    {
        private const string HasLz4 =
            "current_setting('server_version_num')::int >= 140000 AND EXISTS (SELECT 1 FROM pg_settings " +
            "WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals))";

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql($"DO $$ BEGIN IF {HasLz4} THEN ALTER TABLE changes ALTER COLUMN json SET COMPRESSION lz4; END IF; END $$;");

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) =>
            migrationBuilder.Sql("DO $$ BEGIN IF current_setting('server_version_num')::int >= 140000 THEN " +
                "ALTER TABLE changes ALTER COLUMN json SET COMPRESSION default; END IF; END $$;");
    }
}
