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
    private readonly SqliteCommand _updateObject;
    private readonly SqliteCommand _updateObjectAt;
    private readonly SqliteCommand _deleteObject;
    private readonly SqliteCommand _deleteObjectAt;
    private readonly SqliteCommand _objectExists;
    private readonly SqliteCommand _insertChange;
    private readonly SqliteCommand _readLog;
    private bool _disposed;

    public SqliteBackend(string path)
    {
        var full = Path.GetFullPath(path);
        _ownerFile = SqliteDatabaseFiles.OwnerFile(full);
        _connection = SqliteOpening.Open(full);
        TakeOwnership(full);
        Execute("PRAGMA synchronous=FULL;");
        using (var db = CreateContext())
        {
            SchemaMigrator.Migrate(db, _connection);
        }
        _readMeta = Prepare("SELECT value FROM cluster_meta WHERE key = $k", "$k");
        _writeMeta = Prepare("UPDATE cluster_meta SET value = $v WHERE key = $k", "$v", "$k");
        _insertObject = Prepare(
            "INSERT INTO objects (resource, namespace, name, revision, json) VALUES ($r, $ns, $n, $rev, $json) ON CONFLICT DO NOTHING",
            "$r", "$ns", "$n", "$rev", "$json");
        _updateObject = Prepare(
            "UPDATE objects SET revision = $rev, json = $json WHERE resource = $r AND namespace = $ns AND name = $n",
            "$r", "$ns", "$n", "$rev", "$json");
        _updateObjectAt = Prepare(
            "UPDATE objects SET revision = $rev, json = $json WHERE resource = $r AND namespace = $ns AND name = $n AND revision = $prev",
            "$r", "$ns", "$n", "$rev", "$json", "$prev");
        _deleteObject = Prepare(
            "DELETE FROM objects WHERE resource = $r AND namespace = $ns AND name = $n RETURNING json",
            "$r", "$ns", "$n");
        _deleteObjectAt = Prepare(
            "DELETE FROM objects WHERE resource = $r AND namespace = $ns AND name = $n AND revision = $prev RETURNING json",
            "$r", "$ns", "$n", "$prev");
        _objectExists = Prepare(
            "SELECT 1 FROM objects WHERE resource = $r AND namespace = $ns AND name = $n",
            "$r", "$ns", "$n");
        _insertChange = Prepare(
            "INSERT INTO changes (id, resource, namespace, name, type, prev_revision, committed_at_ms, json) " +
            "VALUES ($id, $r, $ns, $n, $t, $prev, $at, $json)",
            "$id", "$r", "$ns", "$n", "$t", "$prev", "$at", "$json");
        _readLog = Prepare(
            "SELECT id, resource, namespace, name, type, committed_at_ms, json FROM changes WHERE id > $after ORDER BY id LIMIT $max",
            "$after", "$max");
    }

    public StorageSnapshot Load(IObjectIndexer indexer)
    {
        lock (_gate)
        {
            using var db = CreateContext();
            var compacted = ReadMeta(MetaRow.Compacted, null);
            return LogSnapshot.Build(indexer, db.Objects.AsNoTracking().AsEnumerable(),
                db.Changes.AsNoTracking().Where(c => c.Id > compacted).OrderBy(c => c.Id).AsEnumerable(),
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
                var (outcome, json, type) = Apply(cmd, next, stamper);
                if (outcome != WriteOutcome.Ok)
                {
                    outcomes[i] = CommitOutcome.Refused(outcome);
                    continue;
                }
                Run(_insertChange, next, cmd.Resource, cmd.Namespace, cmd.Name, (int)type, cmd.ExpectedRevision ?? 0L, at, json!);
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

    public int Compact(long throughRevision, int maxRows)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            using var cmd = _connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "DELETE FROM changes WHERE id IN (SELECT id FROM changes WHERE id <= $rev ORDER BY id LIMIT $max) RETURNING id";
            cmd.Parameters.AddWithValue("$rev", throughRevision);
            cmd.Parameters.AddWithValue("$max", maxRows);
            var deleted = 0;
            var highest = 0L;
            using (var reader = cmd.ExecuteReader())
            {
                while (reader.Read())
                {
                    deleted++;
                    highest = Math.Max(highest, reader.GetInt64(0));
                }
            }
            // The compacted mark only moves forward, checked in the same transaction as the delete.
            using var mark = _connection.CreateCommand();
            mark.Transaction = tx;
            mark.CommandText = "UPDATE cluster_meta SET value = $v WHERE key = 'compacted' AND value < $v";
            mark.Parameters.AddWithValue("$v", highest);
            mark.ExecuteNonQuery();
            tx.Commit();
            return deleted;
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
    public Task WaitForChangesAsync(CancellationToken ct) => Task.Delay(Timeout.Infinite, ct);

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
            foreach (var cmd in new[] { _readMeta, _writeMeta, _insertObject, _updateObject, _updateObjectAt, _deleteObject, _deleteObjectAt, _objectExists, _insertChange, _readLog })
            {
                cmd.Dispose();
            }
            // A clean shutdown folds the WAL back into the database so the next start reads one file.
            try { Execute("PRAGMA wal_checkpoint(TRUNCATE);"); } catch (SqliteException) { }
            try { File.Delete(_ownerFile); } catch (IOException) { }
            _connection.Dispose();
        }
    }

    private (WriteOutcome Outcome, byte[]? Json, ChangeType Type) Apply(WriteCommand cmd, long revision, IRevisionStamper stamper)
    {
        switch (cmd.Kind)
        {
            case WriteKind.Create:
            {
                var json = stamper.Stamp(cmd, revision);
                return Run(_insertObject, cmd.Resource, cmd.Namespace, cmd.Name, revision, json) == 1
                    ? (WriteOutcome.Ok, json, ChangeType.Added)
                    : (WriteOutcome.AlreadyExists, null, ChangeType.Added);
            }
            case WriteKind.Update:
            {
                var json = stamper.Stamp(cmd, revision);
                var updated = cmd.ExpectedRevision is long prev
                    ? Run(_updateObjectAt, cmd.Resource, cmd.Namespace, cmd.Name, revision, json, prev)
                    : Run(_updateObject, cmd.Resource, cmd.Namespace, cmd.Name, revision, json);
                return updated == 1 ? (WriteOutcome.Ok, json, ChangeType.Modified) : (Refusal(cmd), null, ChangeType.Modified);
            }
            default:
            {
                var last = cmd.ExpectedRevision is long prev
                    ? Scalar(_deleteObjectAt, cmd.Resource, cmd.Namespace, cmd.Name, prev)
                    : Scalar(_deleteObject, cmd.Resource, cmd.Namespace, cmd.Name);
                return last is byte[] lastState
                    ? (WriteOutcome.Ok, stamper.StampDeleted(lastState, revision), ChangeType.Deleted)
                    : (Refusal(cmd), null, ChangeType.Deleted);
            }
        }
    }

    /// <summary>A conditional write matched no row: the object is gone, or it moved on to another revision.</summary>
    private WriteOutcome Refusal(WriteCommand cmd) =>
        Scalar(_objectExists, cmd.Resource, cmd.Namespace, cmd.Name) is null ? WriteOutcome.NotFound : WriteOutcome.Conflict;

    /// <summary>
    /// locking_mode=EXCLUSIVE keeps the lock of the first write transaction until the connection closes; set
    /// before WAL is entered, it also keeps the WAL index in process memory, so no other process can even read.
    /// </summary>
    private void TakeOwnership(string path)
    {
        try
        {
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
        foreach (var cmd in new[] { _writeMeta, _insertObject, _updateObject, _updateObjectAt, _deleteObject, _deleteObjectAt, _objectExists, _insertChange })
        {
            cmd.Transaction = tx;
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
