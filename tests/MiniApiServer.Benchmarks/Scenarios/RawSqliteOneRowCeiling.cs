using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace MiniApiServer.Benchmarks.Scenarios;

/// <summary>
/// The ceiling as issue [6/6] defines it: one row per object (key and the same stored bodies), 100 rows per
/// transaction, WAL with synchronous=FULL, one connection. It is what a key-value put costs on this disk, with no
/// change log, no secondary index and no revision: the floor any durable store pays, and the same shape as an etcd
/// put. <see cref="RawSqliteCeiling"/> (the server's own two statements) stays next to it. Measured with SQLite's
/// default 4 KiB pages (as the issue measured it) and with the server's 16 KiB pages; the faster one is the ceiling.
/// </summary>
public static class RawSqliteOneRowCeiling
{
    public static (RawSqliteCeiling.Result Best, RawSqliteCeiling.Result Small, RawSqliteCeiling.Result Large) Best(
        string directory, IReadOnlyList<byte[]> bodies, int rows, int batch)
    {
        var small = Run(Path.Combine(directory, "raw1-4k.db"), bodies, rows, batch, 4096);
        var large = Run(Path.Combine(directory, "raw1-16k.db"), bodies, rows, batch, 16384);
        return (small.RowsPerSecond >= large.RowsPerSecond ? small : large, small, large);
    }

    public static RawSqliteCeiling.Result Run(string path, IReadOnlyList<byte[]> bodies, int rows, int batch, int pageSize)
    {
        if (bodies.Count == 0)
        {
            return new RawSqliteCeiling.Result(0, double.NaN);
        }
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        RawSqliteCeiling.Execute(connection, $"PRAGMA page_size={pageSize};");
        RawSqliteCeiling.Execute(connection, "PRAGMA journal_mode=WAL;");
        RawSqliteCeiling.Execute(connection, "PRAGMA synchronous=FULL;");
        RawSqliteCeiling.Execute(connection, "CREATE TABLE kv (key TEXT PRIMARY KEY, value BLOB NOT NULL);");
        using var insert = RawSqliteCeiling.Prepare(connection, "INSERT INTO kv (key, value) VALUES ($k, $v)", "$k", "$v");
        var sw = Stopwatch.StartNew();
        for (var start = 0; start < rows; start += batch)
        {
            using var tx = connection.BeginTransaction();
            insert.Transaction = tx;
            for (var i = start; i < Math.Min(rows, start + batch); i++)
            {
                insert.Parameters[0].Value = "/registry/pods/bench/raw-" + i;
                insert.Parameters[1].Value = bodies[i % bodies.Count];
                insert.ExecuteNonQuery();
            }
            tx.Commit();
        }
        return new RawSqliteCeiling.Result(rows, rows / sw.Elapsed.TotalSeconds);
    }
}
