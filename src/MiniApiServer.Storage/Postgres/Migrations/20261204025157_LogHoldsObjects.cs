using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MiniApiServer.Storage.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class LogHoldsObjects : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            CurrentVersionsInLog.Up(migrationBuilder);

            migrationBuilder.DropColumn(
                name: "json",
                table: "objects");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<byte[]>(
                name: "json",
                table: "objects",
                type: "bytea",
                nullable: false,
                defaultValue: new byte[0]);

            CurrentVersionsInLog.Down(migrationBuilder);
        }
    }
}
