using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace MiniApiServer.Storage.Sqlite;

/// <summary>
/// SQLite in WAL mode with synchronous=FULL: a commit returns only after the WAL is fsynced, so an
/// acknowledged write survives kill -9 and power loss. Group commit makes that one fsync per batch, not
/// per request. EF Core owns the schema and the cold-start load; the hot path uses prepared commands on
/// one connection, because EF change tracking would cost more than the insert itself.
/// </summary>
public sealed class SqliteBackend : IStorageBackend
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertChange;
    private readonly SqliteCommand _upsertObject;
    private readonly SqliteCommand _deleteObject;
    private bool _disposed;

    public SqliteBackend(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(dir))
        {
            Directory.CreateDirectory(dir);
        }
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL;");
        Execute("PRAGMA synchronous=FULL;");
        Execute("PRAGMA busy_timeout=5000;");
        using (var db = CreateContext())
        {
            db.Database.EnsureCreated();
        }
        _insertChange = Prepare(
            "INSERT INTO changes (id, resource, namespace, name, type, committed_at_ms, json) VALUES ($id, $r, $ns, $n, $t, $at, $json)",
            "$id", "$r", "$ns", "$n", "$t", "$at", "$json");
        _upsertObject = Prepare(
            "INSERT INTO objects (resource, namespace, name, revision, json) VALUES ($r, $ns, $n, $rev, $json) " +
            "ON CONFLICT (resource, namespace, name) DO UPDATE SET revision = excluded.revision, json = excluded.json",
            "$r", "$ns", "$n", "$rev", "$json");
        _deleteObject = Prepare(
            "DELETE FROM objects WHERE resource = $r AND namespace = $ns AND name = $n",
            "$r", "$ns", "$n");
    }

    public StorageSnapshot Load(IObjectIndexer indexer, long keepEventsAfter)
    {
        using var db = CreateContext();
        var objects = new List<StoredObject>();
        foreach (var row in db.Objects.AsNoTracking())
        {
            objects.Add(ToStored(indexer, row.Resource, row.Namespace, row.Name, row.Revision, row.Json));
        }
        var sequence = ScalarLong("SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'changes'), 0)");
        var maxId = ScalarLong("SELECT COALESCE(MAX(id), 0) FROM changes");
        var minId = ScalarLong("SELECT COALESCE(MIN(id), 0) FROM changes");
        var revision = Math.Max(sequence, maxId);
        // A change row at an object's current revision holds the same bytes as its object row (Commit writes
        // both), so it reuses that StoredObject instead of indexing the object a second time at start-up.
        var current = new Dictionary<(string, string), StoredObject>(objects.Count);
        foreach (var o in objects)
        {
            current[(o.Resource, o.Key)] = o;
        }
        var lastStates = new Dictionary<(string, string), StoredObject>();
        var changes = new List<ObjectChange>();
        foreach (var row in db.Changes.AsNoTracking().Where(c => c.Id > keepEventsAfter).OrderBy(c => c.Id))
        {
            var obj = row.Type != (int)ChangeType.Deleted
                && current.TryGetValue((row.Resource, ObjectKeys.Key(row.Namespace, row.Name)), out var same)
                && same.ResourceVersion == row.Id
                    ? same
                    : ToStored(indexer, row.Resource, row.Namespace, row.Name, row.Id, row.Json);
            lastStates.TryGetValue((row.Resource, obj.Key), out var previous);
            changes.Add(new ObjectChange(row.Id, (ChangeType)row.Type, obj, previous,
                DateTimeOffset.FromUnixTimeMilliseconds(row.CommittedAtMs)));
            lastStates[(row.Resource, obj.Key)] = obj;
        }
        var compactedThrough = changes.Count > 0 ? changes[0].Revision - 1 : revision;
        if (minId > 0 && changes.Count > 0)
        {
            compactedThrough = Math.Max(minId - 1, changes[0].Revision - 1);
        }
        return new StorageSnapshot(objects, changes, revision, compactedThrough);
    }

    public void Commit(IReadOnlyList<ObjectChange> changes)
    {
        using var tx = _connection.BeginTransaction();
        _insertChange.Transaction = tx;
        _upsertObject.Transaction = tx;
        _deleteObject.Transaction = tx;
        foreach (var c in changes)
        {
            var o = c.Object;
            Set(_insertChange, c.Revision, o.Resource, o.Namespace, o.Name, (int)c.Type,
                c.CommittedAt.ToUnixTimeMilliseconds(), o.Json);
            _insertChange.ExecuteNonQuery();
            if (c.Type == ChangeType.Deleted)
            {
                Set(_deleteObject, o.Resource, o.Namespace, o.Name);
                _deleteObject.ExecuteNonQuery();
            }
            else
            {
                Set(_upsertObject, o.Resource, o.Namespace, o.Name, c.Revision, o.Json);
                _upsertObject.ExecuteNonQuery();
            }
        }
        tx.Commit();
    }

    public int Compact(long throughRevision, int maxRows)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "DELETE FROM changes WHERE id IN (SELECT id FROM changes WHERE id <= $rev ORDER BY id LIMIT $max)";
        cmd.Parameters.AddWithValue("$rev", throughRevision);
        cmd.Parameters.AddWithValue("$max", maxRows);
        return cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _insertChange.Dispose();
        _upsertObject.Dispose();
        _deleteObject.Dispose();
        // A clean shutdown folds the WAL back into the database so the next start reads one file.
        try { Execute("PRAGMA wal_checkpoint(TRUNCATE);"); } catch (SqliteException) { }
        _connection.Dispose();
    }

    private static StoredObject ToStored(IObjectIndexer indexer, string resource, string ns, string name, long rev, byte[] json) =>
        new()
        {
            Resource = resource,
            Namespace = ns,
            Name = name,
            ResourceVersion = rev,
            Json = json,
            Index = indexer.Index(resource, json),
        };

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

    private long ScalarLong(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
