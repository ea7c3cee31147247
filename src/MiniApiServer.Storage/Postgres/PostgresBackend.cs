using System.Globalization;
using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace MiniApiServer.Storage.Postgres;

/// <summary>
/// The log in PostgreSQL, shared by any number of servers. Every write transaction first locks the revision
/// counter row (SELECT ... FOR UPDATE, or the claim's conditional UPDATE of a one-round-trip batch): commits are
/// serialised by that lock, so revisions are assigned in commit order and a reader never sees revision r+1 before r:
/// no gaps and no fill rows, unlike a sequence allocated at insert (kine's gap handling, kine #71/#82). Group commit
/// makes the lock one per batch. Preconditions are the same statements as SQLite's. A commit wakes the other
/// replicas' tailers with a NOTIFY that carries its last revision; they also poll once a second in case a
/// notification was lost with a connection.
/// </summary>
public sealed class PostgresBackend : IStorageBackend
{
    private const string Channel = "miniapiserver_log";
    // NOTIFY with the batch's last revision as its payload (pg_notify, because NOTIFY takes no parameter).
    private const string Announce = $"SELECT pg_notify('{Channel}', $1)";
    // SQLSTATEs raised by the one-round-trip commit's guards (migration OneRoundTripCommits).
    private const string ClaimFailed = "MA001";
    private const string WriteRefused = "MA002";
    private const int ClaimBackoffBatches = 16;
    private const string CommittedRevision = "SELECT value FROM cluster_meta WHERE key = 'revision'";
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly NpgsqlDataSource _source;
    private readonly Lock _writeGate = new();
    private NpgsqlConnection? _writer;
    private NpgsqlConnection? _listener;
    private volatile int _writerPid;
    // The counter value after this replica's last commit, or -1: where the next batch expects to claim its revisions from.
    // Only the writer (under _writeGate) uses it; a stale value costs a rolled-back round trip, never a wrong revision.
    private long _expectedRevision = -1;
    // Batches left that take the locked way after a claim found the counter moved: with other replicas writing
    // often (leases, controllers), a doomed claim per batch would add a round trip to each.
    private int _claimBackoff;
    private long _announced;
    // Other replicas' notifications since the tailer last woke. It is cleared before the tailer reads the log, and a NOTIFY
    // is sent once its commit is visible, so one that lands in between costs a spare read, never a missed commit.
    private int _notified;

    public PostgresBackend(string uri)
    {
        _source = NpgsqlDataSource.Create(ConnectionSettings(PostgresConnectionString.FromUri(uri)));
        using var db = CreateContext();
        // EF Core takes a database lock around Migrate, so replicas starting together migrate once.
        Guard(() => db.Database.Migrate());
    }

    /// <summary>
    /// A server stalled inside a transaction (SIGSTOP, a paused VM, a long pause) holds its lock on the revision counter
    /// or the compacted mark, and every other replica's writes or compaction would wait on it with no end. PostgreSQL
    /// ends a session idle in a transaction this long; the stalled server's commit then fails, unacknowledged. The
    /// leases' renew deadline is as long, so such a server has stopped acting as a leader by then anyway.
    /// </summary>
    public static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The server's settings on top of the user's: the stall limit above, and statements prepared once per connection
    /// (Npgsql's automatic preparation, off by default). The write path sends the same few statements thousands of times
    /// a second, and PostgreSQL otherwise parses and plans each one again: preparing them raised api-write by a quarter at
    /// less server CPU (docs/benchmarks.md, session 15). A connection back in the pool is not reset (`No Reset On Close`):
    /// Npgsql's reset (RESET ALL, CLOSE ALL, UNLISTEN *, pg_advisory_unlock_all, DISCARD SEQUENCES and TEMP) ran on every
    /// checkout, and each consistent read checks one out for its revision query. The server leaves no session state on a
    /// pooled connection: it SETs nothing, takes no advisory lock (EF Core's migration lock is a table lock in its
    /// transaction), and its LISTEN is on a connection of its own, given up only when it broke or at shutdown. What the
    /// user gave in the URI is kept (`Max Auto Prepare=0` turns preparation off).
    /// </summary>
    public static string ConnectionSettings(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        // Read committed whatever the database's or role's default: a claim that waited on the counter's row lock must
        // see the holder's commit (and find the counter moved), where repeatable read fails it to serialize, a 503 for
        // every write of the batch. Placed after the user's options, so it wins over theirs.
        var limit = $"-c idle_in_transaction_session_timeout={(long)StallLimit.TotalMilliseconds} -c default_transaction_isolation=read\\ committed";
        builder.Options = string.IsNullOrWhiteSpace(builder.Options) ? limit : builder.Options + " " + limit;
        if (!connectionString.Contains("Max Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 32;
        }
        if (!connectionString.Contains("No Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }
        if (!connectionString.Contains("Auto Prepare Min Usages", StringComparison.OrdinalIgnoreCase))
        {
            builder.AutoPrepareMinUsages = 2;
        }
        return builder.ConnectionString;
    }

    public StorageSnapshot Load(IObjectIndexer indexer) => Guard(() =>
    {
        using var db = CreateContext();
        using var tx = db.Database.BeginTransaction(System.Data.IsolationLevel.RepeatableRead);
        var revision = db.Set<Sqlite.MetaRow>().AsNoTracking().Single(m => m.Key == Sqlite.MetaRow.Revision).Value;
        var compacted = db.Set<Sqlite.MetaRow>().AsNoTracking().Single(m => m.Key == Sqlite.MetaRow.Compacted).Value;
        var liveAbove = db.Objects.AsNoTracking().Where(o => o.Revision > compacted).Select(o => o.Revision).ToHashSet();
        var current = db.Objects.AsNoTracking().Where(o => o.Revision <= compacted)
            .Join(db.Changes.AsNoTracking(), o => o.Revision, c => c.Id, (o, c) => c).ToList();
        return LogSnapshot.Build(indexer, current, liveAbove,
            db.Changes.AsNoTracking().Where(c => c.Id > compacted && c.Id <= revision).OrderBy(c => c.Id).ToList(), revision, compacted);
    });

    public IReadOnlyList<CommitOutcome> Commit(IReadOnlyList<WriteCommand> batch, IRevisionStamper stamper, DateTimeOffset now)
    {
        lock (_writeGate)
        {
            return Guard(() =>
            {
                if (batch.All(c => c.Kind != WriteKind.Delete))
                {
                    if (TryCommitInOneRoundTrip(batch, stamper, now, out var refused) is { } committed)
                    {
                        return committed;
                    }
                    if (!refused && TryCommitPipelined(batch, stamper, now) is { } pipelined)
                    {
                        return pipelined;
                    }
                }
                var conn = Writer();
                using var tx = conn.BeginTransaction();
                var revision = Scalar<long>(conn, tx, "SELECT value FROM cluster_meta WHERE key = 'revision' FOR UPDATE");
                var first = revision;
                var at = now.ToUnixTimeMilliseconds();
                var outcomes = new CommitOutcome[batch.Count];
                for (var i = 0; i < batch.Count; i++)
                {
                    var cmd = batch[i];
                    var next = revision + 1;
                    var (outcome, json, type, superseded) = Apply(conn, tx, cmd, next, stamper);
                    if (outcome != WriteOutcome.Ok)
                    {
                        outcomes[i] = CommitOutcome.Refused(outcome);
                        continue;
                    }
                    Execute(conn, tx, "INSERT INTO changes (id, resource, namespace, name, type, prev_revision, committed_at_ms, json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                        next, cmd.Resource, cmd.Namespace, cmd.Name, (int)type, superseded, at, json!);
                    outcomes[i] = new CommitOutcome(WriteOutcome.Ok, next, json);
                    revision = next;
                }
                if (revision != first)
                {
                    Execute(conn, tx, "UPDATE cluster_meta SET value = $1 WHERE key = 'revision'", revision);
                    Execute(conn, tx, Announce, revision.ToString(CultureInfo.InvariantCulture));
                }
                tx.Commit();
                _expectedRevision = revision;
                return (IReadOnlyList<CommitOutcome>)outcomes;
            });
        }
    }

    /// <summary>
    /// The common case in one round trip: each write is one statement that applies its precondition and appends
    /// its log row only if the object row changed, all pipelined in one batch inside the transaction (statements
    /// run in order, so a write sees the earlier ones). Revisions are numbered up front; if any write is refused,
    /// the numbering after it would leave a gap, so the transaction is rolled back (null) and the batch runs one
    /// write at a time instead.
    /// </summary>
    private CommitOutcome[]? TryCommitPipelined(IReadOnlyList<WriteCommand> batch, IRevisionStamper stamper, DateTimeOffset now)
    {
        var conn = Writer();
        using var tx = conn.BeginTransaction();
        var first = Scalar<long>(conn, tx, "SELECT value FROM cluster_meta WHERE key = 'revision' FOR UPDATE");
        var at = now.ToUnixTimeMilliseconds();
        var outcomes = new CommitOutcome[batch.Count];
        using var pipeline = new NpgsqlBatch(conn, tx);
        AddWrites(pipeline, batch, stamper, first, at, outcomes);
        // The counter and the wake-up ride in the same round trip; a refused write rolls them back with the rest.
        var counter = new NpgsqlBatchCommand("UPDATE cluster_meta SET value = $1 WHERE key = 'revision'");
        counter.Parameters.AddWithValue(first + batch.Count);
        pipeline.BatchCommands.Add(counter);
        pipeline.BatchCommands.Add(Announcement(first + batch.Count));
        pipeline.ExecuteNonQuery();
        for (var i = 0; i < batch.Count; i++)
        {
            if (pipeline.BatchCommands[i].RecordsAffected != 1)
            {
                tx.Rollback();
                return null;
            }
        }
        tx.Commit();
        _expectedRevision = first + batch.Count;
        return outcomes;
    }

    /// <summary>
    /// The common case of a single writer in one round trip and one implicit transaction (everything up to the protocol's
    /// Sync): claim the revisions from the counter value this replica last committed, append every write as
    /// <see cref="TryCommitPipelined"/> does, check that each appended its row, notify. A claim that finds the counter
    /// moved (another replica committed) or a refused write raises, which rolls the whole batch back: null, and
    /// <paramref name="refused"/> says whether the batch must go one write at a time. Saves the counter read's and the
    /// COMMIT's round trips, each a wake-up of this process and of PostgreSQL's backend on a busy machine.
    /// </summary>
    private CommitOutcome[]? TryCommitInOneRoundTrip(IReadOnlyList<WriteCommand> batch, IRevisionStamper stamper, DateTimeOffset now, out bool refused)
    {
        refused = false;
        if (_claimBackoff > 0)
        {
            _claimBackoff--;
            return null;
        }
        var first = _expectedRevision;
        // Another replica announced a commit this one has not made: the counter is at least there.
        if (first < 0 || AnnouncedRevision > first)
        {
            return null;
        }
        var last = first + batch.Count;
        var outcomes = new CommitOutcome[batch.Count];
        using var pipeline = new NpgsqlBatch(Writer());
        var claim = new NpgsqlBatchCommand("SELECT miniapiserver_claim_revisions($1, $2)");
        claim.Parameters.AddWithValue(first);
        claim.Parameters.AddWithValue(last);
        pipeline.BatchCommands.Add(claim);
        AddWrites(pipeline, batch, stamper, first, now.ToUnixTimeMilliseconds(), outcomes);
        var check = new NpgsqlBatchCommand("SELECT miniapiserver_check_appended($1, $2)");
        check.Parameters.AddWithValue(first);
        check.Parameters.AddWithValue(last);
        pipeline.BatchCommands.Add(check);
        pipeline.BatchCommands.Add(Announcement(last));
        try
        {
            pipeline.ExecuteNonQuery();
        }
        catch (PostgresException ex) when (ex.SqlState is ClaimFailed or WriteRefused)
        {
            _expectedRevision = -1;
            refused = ex.SqlState == WriteRefused;
            _claimBackoff = refused ? 0 : ClaimBackoffBatches;
            return null;
        }
        _expectedRevision = last;
        return outcomes;
    }

    /// <summary>
    /// One statement per write that applies its precondition and appends its log row only if the object row changed. Each
    /// returns the revision it superseded for the log row: the precondition's for a conditional update, the row's previous
    /// value (a self-join sees it as of the statement's start) for an unconditional one.
    /// </summary>
    private static void AddWrites(NpgsqlBatch pipeline, IReadOnlyList<WriteCommand> batch, IRevisionStamper stamper, long first, long at, CommitOutcome[] outcomes)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            var cmd = batch[i];
            var revision = first + i + 1;
            var json = stamper.Stamp(cmd, revision);
            outcomes[i] = new CommitOutcome(WriteOutcome.Ok, revision, json);
            var (apply, type) = cmd.Kind == WriteKind.Create
                ? ("INSERT INTO objects (resource, namespace, name, revision) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 0::bigint AS superseded", ChangeType.Added)
                : cmd.ExpectedRevision is null
                    ? ("UPDATE objects o SET revision = $4 FROM objects p WHERE o.resource = $1 AND o.namespace = $2 AND o.name = $3 " +
                       "AND p.resource = o.resource AND p.namespace = o.namespace AND p.name = o.name RETURNING p.revision AS superseded", ChangeType.Modified)
                    : ("UPDATE objects SET revision = $4 WHERE resource = $1 AND namespace = $2 AND name = $3 AND revision = $6 RETURNING $6::bigint AS superseded", ChangeType.Modified);
            var statement = new NpgsqlBatchCommand(
                $"WITH applied AS ({apply}) INSERT INTO changes (id, resource, namespace, name, type, prev_revision, committed_at_ms, json) " +
                $"SELECT $4, $1, $2, $3, {(int)type}, applied.superseded, $7, $5 FROM applied");
            foreach (var v in new object[] { cmd.Resource, cmd.Namespace, cmd.Name, revision, json, cmd.ExpectedRevision ?? 0L, at })
            {
                statement.Parameters.AddWithValue(v);
            }
            pipeline.BatchCommands.Add(statement);
        }
    }

    public IReadOnlyList<LogRow> ReadLog(long afterRevision, int max) => Guard(() =>
    {
        using var conn = _source.OpenConnection();
        using var cmd = new NpgsqlCommand("SELECT id, resource, namespace, name, type, committed_at_ms, json FROM changes WHERE id > $1 ORDER BY id LIMIT $2", conn);
        cmd.Parameters.AddWithValue(afterRevision);
        cmd.Parameters.AddWithValue(max);
        using var reader = cmd.ExecuteReader();
        var rows = new List<LogRow>();
        while (reader.Read())
        {
            rows.Add(new LogRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                (ChangeType)reader.GetInt32(4), reader.GetInt64(5), (byte[])reader.GetValue(6)));
        }
        return (IReadOnlyList<LogRow>)rows;
    });

    public bool CompactsBesideWrites => true;

    /// <summary>
    /// One replica compacts at a time: the compacted mark is locked and only moves forward (etcd3 compact.go). The
    /// rows passed delete what they superseded (<see cref="CompactionRule"/>).
    /// </summary>
    public CompactionOutcome Compact(long throughRevision, int maxRows) => Guard(() =>
    {
        using var conn = _source.OpenConnection();
        using var tx = conn.BeginTransaction();
        var mark = Scalar<long>(conn, tx, "SELECT value FROM cluster_meta WHERE key = 'compacted' FOR UPDATE");
        if (throughRevision <= mark)
        {
            return default(CompactionOutcome);
        }
        var doomed = new List<long>();
        var examined = 0;
        var last = mark;
        using (var scan = new NpgsqlCommand("SELECT id, prev_revision, type FROM changes WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3", conn, tx))
        {
            scan.Parameters.AddWithValue(mark);
            scan.Parameters.AddWithValue(throughRevision);
            scan.Parameters.AddWithValue(maxRows);
            using var reader = scan.ExecuteReader();
            while (reader.Read())
            {
                examined++;
                last = reader.GetInt64(0);
                CompactionRule.Collect(last, reader.GetInt64(1), (ChangeType)reader.GetInt32(2), doomed);
            }
        }
        var deleted = doomed.Count == 0 ? 0 : Execute(conn, tx, "DELETE FROM changes WHERE id = ANY($1)", doomed.ToArray());
        Execute(conn, tx, "UPDATE cluster_meta SET value = $1 WHERE key = 'compacted'", examined < maxRows ? throughRevision : last);
        tx.Commit();
        return new CompactionOutcome(examined, deleted);
    });

    public long? SharedRevision() => Guard(() =>
    {
        using var conn = _source.OpenConnection();
        return (long?)Scalar<long>(conn, null, CommittedRevision);
    });

    public bool SharesLog => true;

    public long AnnouncedRevision => Volatile.Read(ref _announced);

    public async ValueTask<long?> SharedRevisionAsync(CancellationToken ct)
    {
        try
        {
            await using var conn = await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
            await using var cmd = new NpgsqlCommand(CommittedRevision, conn);
            return (long)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            throw new StorageUnavailableException("PostgreSQL is unreachable: " + ex.Message, ex);
        }
    }

    public void Probe() => Guard(() =>
    {
        using var conn = _source.OpenConnection();
        using var cmd = new NpgsqlCommand("UPDATE cluster_meta SET value = value WHERE key = 'compacted'", conn);
        return cmd.ExecuteNonQuery();
    });

    public void WaitForChanges(CancellationToken ct)
    {
        try
        {
            if (_listener is null)
            {
                _listener = _source.OpenConnection();
                // Our own commits reach the cache from the writer (it applies its batch, reading only other replicas' rows before it): only another
                // replica's commit needs the tailer, which halves the log reads on a replica that takes writes.
                _listener.Notification += (_, e) =>
                {
                    if (e.PID != _writerPid)
                    {
                        if (long.TryParse(e.Payload, NumberStyles.None, CultureInfo.InvariantCulture, out var announced))
                        {
                            InterlockedMax(ref _announced, announced);
                        }
                        Interlocked.Increment(ref _notified);
                    }
                };
                using var listen = new NpgsqlCommand($"LISTEN {Channel}", _listener);
                listen.ExecuteNonQuery();
            }
            // Every notification ends a wait on the connection, this replica's own commits' too; only another's ends this
            // one. Waking on its own made the tailer read each batch back beside the writer (~5% of a replica's CPU).
            // The timeout is the slow poll, and how soon a stopping store is noticed.
            var poll = Stopwatch.StartNew();
            while (Volatile.Read(ref _notified) == 0 && !ct.IsCancellationRequested && poll.Elapsed < PollInterval)
            {
                _listener.Wait((int)Math.Ceiling((PollInterval - poll.Elapsed).TotalMilliseconds));
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or IOException)
        {
            _listener?.Dispose();
            _listener = null;
            throw new StorageUnavailableException("PostgreSQL is unreachable: " + ex.Message, ex);
        }
        ct.ThrowIfCancellationRequested();
        Interlocked.Exchange(ref _notified, 0);
    }

    public void Dispose()
    {
        _listener?.Dispose();
        _writer?.Dispose();
        _source.Dispose();
    }

    /// <summary>The same statements as SQLite's (see there); Superseded is the revision the write replaced.</summary>
    private static (WriteOutcome Outcome, byte[]? Json, ChangeType Type, long Superseded) Apply(NpgsqlConnection conn, NpgsqlTransaction tx, WriteCommand cmd, long revision, IRevisionStamper stamper)
    {
        if (cmd.Kind == WriteKind.Create)
        {
            var json = stamper.Stamp(cmd, revision);
            return Execute(conn, tx, "INSERT INTO objects (resource, namespace, name, revision) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
                    cmd.Resource, cmd.Namespace, cmd.Name, revision) == 1
                ? (WriteOutcome.Ok, json, ChangeType.Added, 0L)
                : (WriteOutcome.AlreadyExists, null, ChangeType.Added, 0L);
        }
        var type = cmd.Kind == WriteKind.Update ? ChangeType.Modified : ChangeType.Deleted;
        var expected = cmd.ExpectedRevision ?? CurrentRevision(conn, tx, cmd);
        if (expected is not long prev)
        {
            return (WriteOutcome.NotFound, null, type, 0L);
        }
        if (cmd.Kind == WriteKind.Update)
        {
            var json = stamper.Stamp(cmd, revision);
            return Execute(conn, tx, "UPDATE objects SET revision = $4 WHERE resource = $1 AND namespace = $2 AND name = $3 AND revision = $5",
                    cmd.Resource, cmd.Namespace, cmd.Name, revision, prev) == 1
                ? (WriteOutcome.Ok, json, type, prev)
                : (Refusal(conn, tx, cmd), null, type, 0L);
        }
        if (Execute(conn, tx, "DELETE FROM objects WHERE resource = $1 AND namespace = $2 AND name = $3 AND revision = $4",
                cmd.Resource, cmd.Namespace, cmd.Name, prev) != 1)
        {
            return (Refusal(conn, tx, cmd), null, type, 0L);
        }
        var lastState = Scalar<byte[]?>(conn, tx, "SELECT json FROM changes WHERE id = $1", prev)
            ?? throw new InvalidOperationException($"the log has no row for revision {prev}, the current version of {cmd.Resource} {cmd.Namespace}/{cmd.Name}");
        return (WriteOutcome.Ok, stamper.StampDeleted(lastState, revision), type, prev);
    }

    private static long? CurrentRevision(NpgsqlConnection conn, NpgsqlTransaction tx, WriteCommand cmd) =>
        Scalar<long?>(conn, tx, "SELECT revision FROM objects WHERE resource = $1 AND namespace = $2 AND name = $3", cmd.Resource, cmd.Namespace, cmd.Name);

    private static WriteOutcome Refusal(NpgsqlConnection conn, NpgsqlTransaction tx, WriteCommand cmd) =>
        CurrentRevision(conn, tx, cmd) is null ? WriteOutcome.NotFound : WriteOutcome.Conflict;

    private NpgsqlConnection Writer()
    {
        if (_writer is { State: System.Data.ConnectionState.Open })
        {
            return _writer;
        }
        _writer?.Dispose();
        _writer = _source.OpenConnection();
        _writerPid = _writer.ProcessID;
        return _writer;
    }

    /// <summary>A database that cannot be reached is a 503 (StorageUnavailable); anything it answers with stays as is.</summary>
    private T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (IsUnreachable(ex))
        {
            _writer?.Dispose();
            _writer = null;
            throw new StorageUnavailableException("PostgreSQL is unreachable: " + ex.Message, ex);
        }
    }

    private static bool IsUnreachable(Exception ex) =>
        ex is NpgsqlException { IsTransient: true } or SocketException or TimeoutException
        || ex.InnerException is NpgsqlException { IsTransient: true } or SocketException;

    private void Guard(Action action) => Guard(() => { action(); return 0; });

    private static NpgsqlBatchCommand Announcement(long revision)
    {
        var announce = new NpgsqlBatchCommand(Announce);
        announce.Parameters.AddWithValue(revision.ToString(CultureInfo.InvariantCulture));
        return announce;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        for (var seen = Volatile.Read(ref target); value > seen;)
        {
            var was = Interlocked.CompareExchange(ref target, value, seen);
            if (was == seen)
            {
                return;
            }
            seen = was;
        }
    }

    private static int Execute(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, params object[] values)
    {
        using var cmd = new NpgsqlCommand(sql, conn, tx);
        foreach (var v in values)
        {
            cmd.Parameters.AddWithValue(v);
        }
        return cmd.ExecuteNonQuery();
    }

    private static T? Scalar<T>(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, params object[] values)
    {
        using var cmd = new NpgsqlCommand(sql, conn, tx);
        foreach (var v in values)
        {
            cmd.Parameters.AddWithValue(v);
        }
        var result = cmd.ExecuteScalar();
        return result is null or DBNull ? default : (T)result;
    }

    private PostgresClusterDbContext CreateContext() =>
        new(new DbContextOptionsBuilder<PostgresClusterDbContext>().UseNpgsql(_source).Options);
}
