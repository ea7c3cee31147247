using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MiniApiServer.Storage.Postgres.Migrations
{
    /// <summary>
    /// A one-round-trip batch that does not know the counter's value (another replica commits between this one's
    /// batches): the claim moves the counter by the batch's size from wherever it is, waiting on its row lock as
    /// SELECT ... FOR UPDATE does, and keeps the first revision for the rest of the transaction; each write takes its
    /// revision from there and has it written over its bytes' resourceVersion placeholder, or spliced in where it has none.
    /// A revision with more digits than the placeholder raises MA001, and the batch is committed another way.
    /// </summary>
    public partial class RelativeClaims : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION miniapiserver_claim_next(count bigint) RETURNS bigint
                LANGUAGE plpgsql AS $$
                DECLARE
                    base bigint;
                BEGIN
                    UPDATE cluster_meta SET value = value + count WHERE key = 'revision' RETURNING value - count INTO base;
                    PERFORM set_config('miniapiserver.base', base::text, true);
                    RETURN base;
                END $$;
                """);
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION miniapiserver_stamp(json bytea, revision bigint, metadata_end int, digits int, field bytea) RETURNS bytea
                LANGUAGE plpgsql IMMUTABLE AS $$
                DECLARE
                    text_revision bytea := convert_to(revision::text, 'UTF8');
                BEGIN
                    IF digits = 0 THEN
                        RETURN overlay(json PLACING field || text_revision || '\x22'::bytea FROM metadata_end + 1 FOR 0);
                    END IF;
                    IF length(text_revision) <> digits THEN
                        RAISE EXCEPTION 'revision % does not fit a placeholder of % digits', revision, digits USING ERRCODE = 'MA001';
                    END IF;
                    RETURN overlay(json PLACING text_revision FROM metadata_end - digits FOR digits);
                END $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS miniapiserver_stamp(bytea, bigint, int, int, bytea)");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS miniapiserver_claim_next(bigint)");
        }
    }
}
