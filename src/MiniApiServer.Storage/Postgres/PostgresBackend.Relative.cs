using Npgsql;

namespace MiniApiServer.Storage.Postgres;

public sealed partial class PostgresBackend
{
    // The first revision miniapiserver_claim_next took for this transaction (migration RelativeClaims).
    private const string ClaimedBase = "current_setting('miniapiserver.base')::bigint";

    /// <summary>Batches committed by <see cref="TryCommitRelative"/>, for tests that must know which way a batch went.</summary>
    internal long RelativeCommits { get; private set; }

    /// <summary>
    /// A batch in one round trip that does not need to know the counter: the claim moves it by the batch's size from
    /// wherever the other replicas left it (waiting for the one that holds its row lock to commit, so commit order is
    /// still revision order), each write takes the claimed base plus its place, and PostgreSQL writes that revision into
    /// the bytes as <see cref="RevisionStamper"/> would; this process stamps its own copy the same way once the base
    /// comes back. With several replicas writing, the counter has nearly always moved since a replica's last batch, and
    /// the locked way held the counter over three round trips: two replicas under load committed ~5× fewer writes
    /// between them than one alone (docs/benchmarks.md, session 29). Null when a write has no bytes PostgreSQL can stamp
    /// (a JSON object, a delete), when a revision outgrows a placeholder's digits, or when a write is refused
    /// (<paramref name="refused"/>: the batch must go one write at a time).
    /// </summary>
    private CommitOutcome[]? TryCommitRelative(IReadOnlyList<WriteCommand> batch, IRevisionStamper stamper, DateTimeOffset now, out bool refused)
    {
        refused = false;
        if (stamper is not RevisionStamper)
        {
            return null;
        }
        var fields = new byte[batch.Count][];
        for (var i = 0; i < batch.Count; i++)
        {
            if (batch[i].Kind == WriteKind.Delete || RevisionStamper.SpliceFieldFor(batch[i]) is not { } field)
            {
                return null;
            }
            fields[i] = field;
        }
        var count = (long)batch.Count;
        var at = now.ToUnixTimeMilliseconds();
        using var pipeline = new NpgsqlBatch(Writer());
        pipeline.BatchCommands.Add(WithParameters("SELECT miniapiserver_claim_next($1)", count));
        for (var i = 0; i < batch.Count; i++)
        {
            var cmd = batch[i];
            var statement = WriteStatement(cmd, $"({ClaimedBase} + $4)", $"miniapiserver_stamp($5, {ClaimedBase} + $4, $8, $9, $10)", i + 1L, cmd.Encoded!, at);
            statement.Parameters.AddWithValue(cmd.MetadataEnd);
            statement.Parameters.AddWithValue(cmd.RevisionDigits);
            statement.Parameters.AddWithValue(fields[i]);
            pipeline.BatchCommands.Add(statement);
        }
        pipeline.BatchCommands.Add(WithParameters($"SELECT miniapiserver_check_appended(b, b + $1) FROM (SELECT {ClaimedBase} AS b) claimed", count));
        pipeline.BatchCommands.Add(WithParameters($"SELECT pg_notify('{Channel}', ({ClaimedBase} + $1)::text)", count));
        long first;
        try
        {
            using var reader = pipeline.ExecuteReader();
            reader.Read();
            first = reader.GetInt64(0);
            // A raise in a later statement surfaces here, and rolls back the claim with the rest.
            while (reader.NextResult())
            {
            }
        }
        catch (PostgresException ex) when (ex.SqlState is ClaimFailed or WriteRefused)
        {
            _expectedRevision = -1;
            refused = ex.SqlState == WriteRefused;
            return null;
        }
        var outcomes = new CommitOutcome[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var revision = first + i + 1;
            outcomes[i] = new CommitOutcome(WriteOutcome.Ok, revision, stamper.Stamp(batch[i], revision));
        }
        _expectedRevision = first + count;
        RelativeCommits++;
        return outcomes;
    }

    private static NpgsqlBatchCommand WithParameters(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var v in values)
        {
            command.Parameters.AddWithValue(v);
        }
        return command;
    }
}
