using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MiniApiServer.Storage.Postgres.Migrations
{
    /// <summary>
    /// Two guards that let a batch commit in one round trip, as an implicit transaction (PostgresBackend): the first
    /// statement claims the revisions by moving the counter from the value the writer expects, taking the counter's row
    /// lock as SELECT ... FOR UPDATE did; the last checks that every write appended its log row. Either raises, and the
    /// raise rolls the whole batch back, so a refused write or another replica's commit leaves nothing behind.
    /// </summary>
    public partial class OneRoundTripCommits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION miniapiserver_claim_revisions(expected bigint, last bigint) RETURNS void
                LANGUAGE plpgsql AS $$
                BEGIN
                    UPDATE cluster_meta SET value = last WHERE key = 'revision' AND value = expected;
                    IF NOT FOUND THEN
                        RAISE EXCEPTION 'the revision counter is no longer at %', expected USING ERRCODE = 'MA001';
                    END IF;
                END $$;
                """);
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION miniapiserver_check_appended(first bigint, last bigint) RETURNS void
                LANGUAGE plpgsql AS $$
                BEGIN
                    IF (SELECT count(*) FROM changes WHERE id > first AND id <= last) <> last - first THEN
                        RAISE EXCEPTION 'a write of revisions % to % was refused', first + 1, last USING ERRCODE = 'MA002';
                    END IF;
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS miniapiserver_check_appended(bigint, bigint)");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS miniapiserver_claim_revisions(bigint, bigint)");
        }
    }
}
