using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MiniApiServer.Storage.Sqlite;

namespace MiniApiServer.Benchmarks.Scenarios;

/// <summary>
/// The ceiling for durable writes on this disk: the server's own schema (created by its DbContext), WAL with
/// synchronous=FULL, the same two statements per write (append the change with its bytes, upsert the object's revision), batched,
/// on one connection, with no HTTP, JSON or cache in the way.
/// </summary>
public static class RawSqliteCeiling
{
    public sealed record Result(int Rows, double RowsPerSecond);

    public static Result Run(string path, IReadOnlyList<byte[]> bodies, int rows, int batch)
    {
        if (bodies.Count == 0)
        {
            return new Result(0, double.NaN);
        }
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        // The server's page size (SqliteBackend gives a new database 16 KiB pages), so the ceiling stores rows as densely.
        Execute(connection, "PRAGMA page_size=16384;");
        Execute(connection, "PRAGMA journal_mode=WAL;");
        Execute(connection, "PRAGMA synchronous=FULL;");
        using (var db = new ClusterDbContext(new DbContextOptionsBuilder<ClusterDbContext>().UseSqlite(connection).Options))
        {
            db.Database.EnsureCreated();
        }
        using var insert = Prepare(connection,
            "INSERT INTO changes (id, resource, namespace, name, type, committed_at_ms, json) VALUES ($id, 'pods', 'bench', $n, 0, $at, $json)",
            "$id", "$n", "$at", "$json");
        using var upsert = Prepare(connection,
            "INSERT INTO objects (resource, namespace, name, revision) VALUES ('pods', 'bench', $n, $rev) " +
            "ON CONFLICT (resource, namespace, name) DO UPDATE SET revision = excluded.revision",
            "$n", "$rev");
        var sw = Stopwatch.StartNew();
        for (var start = 0; start < rows; start += batch)
        {
            using var tx = connection.BeginTransaction();
            insert.Transaction = tx;
            upsert.Transaction = tx;
            var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            for (var i = start; i < Math.Min(rows, start + batch); i++)
            {
                var name = "raw-" + i;
                var json = bodies[i % bodies.Count];
                insert.Parameters[0].Value = i + 1L;
                insert.Parameters[1].Value = name;
                insert.Parameters[2].Value = at;
                insert.Parameters[3].Value = json;
                insert.ExecuteNonQuery();
                upsert.Parameters[0].Value = name;
                upsert.Parameters[1].Value = i + 1L;
                upsert.ExecuteNonQuery();
            }
            tx.Commit();
        }
        return new Result(rows, rows / sw.Elapsed.TotalSeconds);
    }

    internal static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var p in parameters)
        {
            cmd.Parameters.Add(new SqliteParameter { ParameterName = p });
        }
        cmd.Prepare();
        return cmd;
    }

    internal static void Execute(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
