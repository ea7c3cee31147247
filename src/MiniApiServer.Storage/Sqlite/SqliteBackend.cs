using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace MiniApiServer.Storage.Sqlite;

/// <summary>
/// SQLite in WAL mode with synchronous=FULL: a commit returns only after the WAL is fsynced, so an
/// acknowledged write survives kill -9 and power loss. The connection holds SQLite's exclusive lock for its
/// whole life (locking_mode=EXCLUSIVE), so exactly one server owns a file. EF Core migrations own the schema
/// and the cold-start load; the hot path uses prepared commands, because change tracking would cost more
/// than the insert itself. Preconditions and revisions are decided by the statements inside the transaction.
/// </summary>
public sealed class SqliteBackend : IStorageBackend
{
    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly string _ownerFile;
    private readonly SqliteCommand _readMeta;
    private readonly SqliteCommand _writeMeta;
    private readonly SqliteCommand _insertObject;
    private readonly SqliteCommand _updateObjectAt;
    private readonly SqliteCommand _deleteObjectAt;
    private readonly SqliteCommand _currentRevision;
    private readonly SqliteCommand _readVersion;
    private readonly SqliteCommand _insertChange;
    private readonly SqliteCommand _readLog;
    private readonly SqliteCommand _scanForCompaction;
    private readonly SqliteCommand _deleteChange;
    private bool _disposed;

    public SqliteBackend(string path)
    {
        var full = Path.GetFullPath(path);
        _ownerFile = SqliteDatabaseFiles.OwnerFile(full);
        _connection = SqliteOpening.Open(full);
        TakeOwnership(full);
        Execute("PRAGMA synchronous=FULL;");
        SchemaMigrator.Migrate(CreateContext, _connection);
        _readMeta = Prepare("SELECT value FROM cluster_meta WHERE key = $k", "$k");
        _writeMeta = Prepare("UPDATE cluster_meta SET value = $v WHERE key = $k", "$v", "$k");
        _insertObject = Prepare(
            "INSERT INTO objects (resource, namespace, name, revision) VALUES ($r, $ns, $n, $rev) ON CONFLICT DO NOTHING",
            "$r", "$ns", "$n", "$rev");
        _updateObjectAt = Prepare(
            "UPDATE objects SET revision = $rev WHERE resource = $r AND namespace = $ns AND name = $n AND revision = $prev",
            "$r", "$ns", "$n", "$rev", "$prev");
        _deleteObjectAt = Prepare(
            "DELETE FROM objects WHERE resource = $r AND namespace = $ns AND name = $n AND revision = $prev",
            "$r", "$ns", "$n", "$prev");
        _currentRevision = Prepare(
            "SELECT revision FROM objects WHERE resource = $r AND namespace = $ns AND name = $n",
            "$r", "$ns", "$n");
        _readVersion = Prepare("SELECT json FROM changes WHERE id = $id", "$id");
        _insertChange = Prepare(
            "INSERT INTO changes (id, resource, namespace, name, type, prev_revision, committed_at_ms, json) " +
            "VALUES ($id, $r, $ns, $n, $t, $prev, $at, $json)",
            "$id", "$r", "$ns", "$n", "$t", "$prev", "$at", "$json");
        _readLog = Prepare(
            "SELECT id, resource, namespace, name, type, committed_at_ms, json FROM changes WHERE id > $after ORDER BY id LIMIT $max",
            "$after", "$max");
        _scanForCompaction = Prepare(
            "SELECT id, prev_revision, type FROM changes WHERE id > $mark AND id <= $through ORDER BY id LIMIT $max",
            "$mark", "$through", "$max");
        _deleteChange = Prepare("DELETE FROM changes WHERE id = $id", "$id");
    }

    public StorageSnapshot Load(IObjectIndexer indexer)
    {
        lock (_gate)
        {
            // Plain commands, as the tailer reads the log: a start-up that finds the schema current builds no EF Core
            // model and compiles no query (together ~0.3 s before the first row, with nothing else to run beside it).
            var compacted = ReadMeta(MetaRow.Compacted, null);
            var liveAbove = ReadRevisions("SELECT revision FROM objects WHERE revision > $mark", compacted);
            return LogSnapshot.Build(indexer,
                ReadChangeRows("SELECT c.id, c.resource, c.namespace, c.name, c.type, c.committed_at_ms, c.json " +
                    "FROM objects o JOIN changes c ON c.id = o.revision WHERE o.revision <= $mark", compacted),
                liveAbove,
                ReadChangeRows("SELECT id, resource, namespace, name, type, committed_at_ms, json FROM changes WHERE id > $mark ORDER BY id", compacted),
                ReadMeta(MetaRow.Revision, null), compacted);
        }
    }

    public IReadOnlyList<CommitOutcome> Commit(IReadOnlyList<WriteCommand> batch, IRevisionStamper stamper, DateTimeOffset now)
    {
        lock (_gate)
        {
            var outcomes = new CommitOutcome[batch.Count];
            var at = now.ToUnixTimeMilliseconds();
            using var tx = _connection.BeginTransaction();
            Enlist(tx);
            var revision = ReadMeta(MetaRow.Revision, tx);
            var first = revision;
            for (var i = 0; i < batch.Count; i++)
            {
                var cmd = batch[i];
                var next = revision + 1;
                var (outcome, json, type, superseded) = Apply(cmd, next, stamper);
                if (outcome != WriteOutcome.Ok)
                {
                    outcomes[i] = CommitOutcome.Refused(outcome);
                    continue;
                }
                Run(_insertChange, next, cmd.Resource, cmd.Namespace, cmd.Name, (int)type, superseded, at, json!);
                outcomes[i] = new CommitOutcome(WriteOutcome.Ok, next, json);
                revision = next;
            }
            if (revision != first)
            {
                Run(_writeMeta, revision, MetaRow.Revision);
            }
            tx.Commit();
            return outcomes;
        }
    }

    public IReadOnlyList<LogRow> ReadLog(long afterRevision, int max)
    {
        lock (_gate)
        {
            _readLog.Transaction = null;
            Set(_readLog, afterRevision, max);
            var rows = new List<LogRow>();
            using var reader = _readLog.ExecuteReader();
            while (reader.Read())
            {
                rows.Add(new LogRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    (ChangeType)reader.GetInt32(4), reader.GetInt64(5), (byte[])reader.GetValue(6)));
            }
            return rows;
        }
    }

    /// <summary>
    /// Passes the compacted mark over the next log rows: each row's superseded version goes, and a deletion's row
    /// itself, as kine compacts; an object's current version stays, since it is the only copy of its bytes.
    /// </summary>
    public CompactionOutcome Compact(long throughRevision, int maxRows)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            var mark = ReadMeta(MetaRow.Compacted, tx);
            if (throughRevision <= mark)
            {
                return default;
            }
            _scanForCompaction.Transaction = tx;
            Set(_scanForCompaction, mark, throughRevision, maxRows);
            var doomed = new List<long>();
            var examined = 0;
            var last = mark;
            using (var reader = _scanForCompaction.ExecuteReader())
            {
                while (reader.Read())
                {
                    examined++;
                    last = reader.GetInt64(0);
                    CompactionRule.Collect(last, reader.GetInt64(1), (ChangeType)reader.GetInt32(2), doomed);
                }
            }
            _deleteChange.Transaction = tx;
            var deleted = 0;
            foreach (var id in doomed)
            {
                deleted += Run(_deleteChange, id);
            }
            // The compacted mark only moves forward, checked in the same transaction as the delete.
            using var move = _connection.CreateCommand();
            move.Transaction = tx;
            move.CommandText = "UPDATE cluster_meta SET value = $v WHERE key = 'compacted' AND value < $v";
            move.Parameters.AddWithValue("$v", examined < maxRows ? throughRevision : last);
            move.ExecuteNonQuery();
            tx.Commit();
            return new CompactionOutcome(examined, deleted);
        }
    }

    public void Probe()
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            using var cmd = _connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "UPDATE cluster_meta SET value = value WHERE key = 'revision'";
            cmd.ExecuteNonQuery();
            tx.Commit();
        }
    }

    public long? SharedRevision() => null;

    /// <summary>This process holds the file's exclusive lock: nobody else appends to the log.</summary>
    public void WaitForChanges(CancellationToken ct)
    {
        ct.WaitHandle.WaitOne();
        ct.ThrowIfCancellationRequested();
    }

    /// <summary>For failure tests: SQLite's own page limit turns growth into SQLITE_FULL, as a full disk would.</summary>
    public void SetMaxPageCount(long pages)
    {
        lock (_gate)
        {
            Execute($"PRAGMA max_page_count={pages.ToString(CultureInfo.InvariantCulture)};");
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            foreach (var cmd in new[] { _readMeta, _writeMeta, _insertObject, _updateObjectAt, _deleteObjectAt, _currentRevision, _readVersion, _insertChange, _readLog, _scanForCompaction, _deleteChange })
            {
                cmd.Dispose();
            }
            // A clean shutdown folds the WAL back into the database so the next start reads one file.
            try { Execute("PRAGMA wal_checkpoint(TRUNCATE);"); } catch (SqliteException) { }
            try { File.Delete(_ownerFile); } catch (IOException) { }
            _connection.Dispose();
        }
    }

    /// <summary>Applies one write to the objects table; Superseded is the revision it replaced (0 for a create).</summary>
    private (WriteOutcome Outcome, byte[]? Json, ChangeType Type, long Superseded) Apply(WriteCommand cmd, long revision, IRevisionStamper stamper)
    {
        if (cmd.Kind == WriteKind.Create)
        {
            var json = stamper.Stamp(cmd, revision);
            return Run(_insertObject, cmd.Resource, cmd.Namespace, cmd.Name, revision) == 1
                ? (WriteOutcome.Ok, json, ChangeType.Added, 0L)
                : (WriteOutcome.AlreadyExists, null, ChangeType.Added, 0L);
        }
        var type = cmd.Kind == WriteKind.Update ? ChangeType.Modified : ChangeType.Deleted;
        // An unconditional write still records which version it replaced: compaction deletes that version's row.
        var expected = cmd.ExpectedRevision ?? Scalar(_currentRevision, cmd.Resource, cmd.Namespace, cmd.Name) as long?;
        if (expected is not long prev)
        {
            return (WriteOutcome.NotFound, null, type, 0L);
        }
        if (cmd.Kind == WriteKind.Update)
        {
            var json = stamper.Stamp(cmd, revision);
            return Run(_updateObjectAt, cmd.Resource, cmd.Namespace, cmd.Name, revision, prev) == 1
                ? (WriteOutcome.Ok, json, type, prev)
                : (Refusal(cmd), null, type, 0L);
        }
        if (Run(_deleteObjectAt, cmd.Resource, cmd.Namespace, cmd.Name, prev) != 1)
        {
            return (Refusal(cmd), null, type, 0L);
        }
        var lastState = Scalar(_readVersion, prev) as byte[]
            ?? throw new InvalidOperationException($"the log has no row for revision {prev}, the current version of {cmd.Resource} {cmd.Namespace}/{cmd.Name}");
        return (WriteOutcome.Ok, stamper.StampDeleted(lastState, revision), type, prev);
    }

    /// <summary>A conditional write matched no row: the object is gone, or it moved on to another revision.</summary>
    private WriteOutcome Refusal(WriteCommand cmd) =>
        Scalar(_currentRevision, cmd.Resource, cmd.Namespace, cmd.Name) is null ? WriteOutcome.NotFound : WriteOutcome.Conflict;

    /// <summary>
    /// locking_mode=EXCLUSIVE keeps the lock of the first write transaction until the connection closes; set
    /// before WAL is entered, it also keeps the WAL index in process memory, so no other process can even read.
    /// </summary>
    private void TakeOwnership(string path)
    {
        try
        {
            // A new database gets 16 KiB pages (set before WAL, which fixes the size; an existing file keeps its
            // own). With 4 KiB pages a 2.5 KB pod's log row filled a page alone: api-write's database was 4.2 KB
            // per object, now 2.8 KB, and the commit's share of the server's samples under wrk went 16.5% -> 14.1%
            // (docs/benchmarks.md, "Session 17"); rollout and restart within their spread.
            Execute("PRAGMA page_size=16384;");
            Execute("PRAGMA locking_mode=EXCLUSIVE;");
            Execute("PRAGMA journal_mode=WAL;");
            Execute("BEGIN EXCLUSIVE; COMMIT;");
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
        {
            _connection.Dispose();
            throw new DatabaseInUseException(path, SqliteDatabaseFiles.ReadOwner(path), ex);
        }
        Execute("PRAGMA busy_timeout=5000;");
        try { File.WriteAllText(_ownerFile, Environment.ProcessId.ToString(CultureInfo.InvariantCulture)); } catch (IOException) { }
    }

    private long ReadMeta(string key, SqliteTransaction? tx)
    {
        _readMeta.Transaction = tx;
        Set(_readMeta, key);
        return Convert.ToInt64(_readMeta.ExecuteScalar() ?? 0L, CultureInfo.InvariantCulture);
    }

    private void Enlist(SqliteTransaction tx)
    {
        foreach (var cmd in new[] { _writeMeta, _insertObject, _updateObjectAt, _deleteObjectAt, _currentRevision, _readVersion, _insertChange })
        {
            cmd.Transaction = tx;
        }
    }

    private HashSet<long> ReadRevisions(string sql, long mark)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$mark", mark);
        using var reader = cmd.ExecuteReader();
        var revisions = new HashSet<long>();
        while (reader.Read())
        {
            revisions.Add(reader.GetInt64(0));
        }
        return revisions;
    }

    /// <summary>Read as the caller enumerates, so that start-up indexes one chunk while it reads the next.</summary>
    private IEnumerable<ChangeRow> ReadChangeRows(string sql, long mark)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$mark", mark);
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            yield return new ChangeRow
            {
                Id = reader.GetInt64(0),
                Resource = reader.GetString(1),
                Namespace = reader.GetString(2),
                Name = reader.GetString(3),
                Type = reader.GetInt32(4),
                CommittedAtMs = reader.GetInt64(5),
                Json = (byte[])reader.GetValue(6),
            };
        }
    }

    private ClusterDbContext CreateContext() =>
        new(new DbContextOptionsBuilder<ClusterDbContext>().UseSqlite(_connection).Options);

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var p in parameters)
        {
            cmd.Parameters.Add(new SqliteParameter { ParameterName = p });
        }
        cmd.Prepare();
        return cmd;
    }

    private static int Run(SqliteCommand cmd, params object[] values)
    {
        Set(cmd, values);
        return cmd.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteCommand cmd, params object[] values)
    {
        Set(cmd, values);
        var value = cmd.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    private static void Set(SqliteCommand cmd, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            cmd.Parameters[i].Value = values[i];
        }
    }

    private void Execute(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
