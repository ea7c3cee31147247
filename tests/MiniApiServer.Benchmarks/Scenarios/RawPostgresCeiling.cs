using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using MiniApiServer.Storage.Postgres;
using Npgsql;

namespace MiniApiServer.Benchmarks.Scenarios;

/// <summary>
/// The ceiling for durable writes into this PostgreSQL: the server's own schema (its migrations), default
/// durability, the same two statements per write (append the change, upsert the object), batched per
/// transaction and pipelined, on a few connections in parallel (pgbench's shape), with no HTTP, JSON or cache.
/// </summary>
public static class RawPostgresCeiling
{
    public static RawSqliteCeiling.Result Run(string uri, IReadOnlyList<byte[]> bodies, int rows, int batch, int connections)
    {
        if (bodies.Count == 0)
        {
            return new RawSqliteCeiling.Result(0, double.NaN);
        }
        var cs = PostgresConnectionString.FromUri(uri);
        using (var db = new PostgresClusterDbContext(new DbContextOptionsBuilder<PostgresClusterDbContext>().UseNpgsql(cs).Options))
        {
            db.Database.Migrate();
        }
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
                    var change = new NpgsqlBatchCommand("INSERT INTO changes (id, resource, namespace, name, type, prev_revision, committed_at_ms, json) VALUES ($1, 'pods', 'bench', $2, 1, 0, 0, $3)");
                    change.Parameters.AddWithValue(id);
                    change.Parameters.AddWithValue($"raw-{id}");
                    change.Parameters.AddWithValue(json);
                    b.BatchCommands.Add(change);
                    var obj = new NpgsqlBatchCommand("INSERT INTO objects (resource, namespace, name, revision, json) VALUES ('pods', 'bench', $1, $2, $3) ON CONFLICT (resource, namespace, name) DO UPDATE SET revision = excluded.revision, json = excluded.json");
                    obj.Parameters.AddWithValue($"raw-{id}");
                    obj.Parameters.AddWithValue(id);
                    obj.Parameters.AddWithValue(json);
                    b.BatchCommands.Add(obj);
                }
                b.ExecuteNonQuery();
                tx.Commit();
            }
        });
        return new RawSqliteCeiling.Result(rows, rows / sw.Elapsed.TotalSeconds);
    }
}
