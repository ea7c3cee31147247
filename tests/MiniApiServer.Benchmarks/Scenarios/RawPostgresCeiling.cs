using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using MiniApiServer.Storage.Postgres;
using Npgsql;

namespace MiniApiServer.Benchmarks.Scenarios;

/// <summary>
/// The ceiling for durable writes into this PostgreSQL: the server's own schema (its migrations), default
/// durability, the same two statements per write (append the change with its bytes, upsert the object's revision), batched per
/// transaction and pipelined, on a few connections in parallel (pgbench's shape), with no HTTP, JSON or cache.
/// With <c>onePerObject</c> each object is one plain INSERT of its body (issue [2/6]'s "raw insert ceiling",
/// the shape of a pgbench script of 2.5 KB inserts), which is the harder ceiling: the server writes two rows.
/// </summary>
public static class RawPostgresCeiling
{
    /// <summary>
    /// The best of 1, 2 and 4 connections, each on a fresh database: on 2 cores this writer got 2.6 KB rows in fastest
    /// from 2 connections and 2–4× slower from 4 (session 7; pgbench did not slow down so), so one fixed count under-states
    /// the ceiling. The databases are dropped when the scenario ends, not after each run.
    /// </summary>
    public static (RawSqliteCeiling.Result Best, int Connections) Best(
        Func<string> freshDatabase, IReadOnlyList<byte[]> bodies, int rows, int batch, bool onePerObject = false)
    {
        (RawSqliteCeiling.Result Best, int Connections) best = (new RawSqliteCeiling.Result(0, 0), 0);
        foreach (var connections in new[] { 1, 2, 4 })
        {
            var run = Run(freshDatabase(), bodies, rows, batch, connections, onePerObject);
            if (run.RowsPerSecond > best.Best.RowsPerSecond)
            {
                best = (run, connections);
            }
        }
        return best;
    }

    /// <summary>
    /// With <paramref name="pairs"/>, each even revision is a second version of the object the odd one before it
    /// created (its prev_revision), so compaction has superseded rows to delete.
    /// </summary>
    public static RawSqliteCeiling.Result Run(string uri, IReadOnlyList<byte[]> bodies, int rows, int batch, int connections, bool onePerObject = false, bool pairs = false)
    {
        if (bodies.Count == 0)
        {
            return new RawSqliteCeiling.Result(0, double.NaN);
        }
        // The server's connection settings, prepared statements included: the ceiling unprepared was 23,000–28,000 rows/s
        // here, prepared ~40,000 (session 15), so a ceiling without them would flatter the server's ratio.
        var cs = PostgresBackend.ConnectionSettings(PostgresConnectionString.FromUri(uri));
        using (var db = new PostgresClusterDbContext(new DbContextOptionsBuilder<PostgresClusterDbContext>().UseNpgsql(cs).Options))
        {
            db.Database.Migrate();
        }
        Checkpoint(cs);
        var next = 0L;
        var sw = Stopwatch.StartNew();
        Parallel.For(0, connections, _ =>
        {
            using var conn = new NpgsqlConnection(cs);
            conn.Open();
            while (true)
            {
                var first = Interlocked.Add(ref next, batch) - batch;
                if (first >= rows)
                {
                    return;
                }
                using var tx = conn.BeginTransaction();
                using var b = new NpgsqlBatch(conn, tx);
                for (var id = first + 1; id <= Math.Min(rows, first + batch); id++)
                {
                    var json = bodies[(int)(id % bodies.Count)];
                    var name = pairs ? $"raw-{(id + 1) / 2}" : $"raw-{id}";
                    var superseded = pairs && id % 2 == 0 ? id - 1 : 0L;
                    var change = new NpgsqlBatchCommand("INSERT INTO changes (id, resource, namespace, name, type, prev_revision, committed_at_ms, json) VALUES ($1, 'pods', 'bench', $2, $4, $5, 0, $3)");
                    change.Parameters.AddWithValue(id);
                    change.Parameters.AddWithValue(name);
                    change.Parameters.AddWithValue(json);
                    change.Parameters.AddWithValue(superseded == 0 ? 1 : 2);
                    change.Parameters.AddWithValue(superseded);
                    b.BatchCommands.Add(change);
                    if (onePerObject)
                    {
                        continue;
                    }
                    var obj = new NpgsqlBatchCommand("INSERT INTO objects (resource, namespace, name, revision) VALUES ('pods', 'bench', $1, $2) ON CONFLICT (resource, namespace, name) DO UPDATE SET revision = excluded.revision");
                    obj.Parameters.AddWithValue(name);
                    obj.Parameters.AddWithValue(id);
                    b.BatchCommands.Add(obj);
                }
                b.ExecuteNonQuery();
                tx.Commit();
            }
        });
        return new RawSqliteCeiling.Result(rows, rows / sw.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The server that ran just before leaves dirty buffers of its own database behind; flushing them first keeps that
    /// write-back out of the ceiling (it did not explain the low 4-connection figures: see <see cref="Best"/>).
    /// </summary>
    private static void Checkpoint(string connectionString)
    {
        using var conn = new NpgsqlConnection(connectionString);
        conn.Open();
        using var cmd = new NpgsqlCommand("CHECKPOINT", conn);
        cmd.CommandTimeout = 300;
        cmd.ExecuteNonQuery();
    }
}
