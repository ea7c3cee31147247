using System.Diagnostics;
using System.Text.Json.Nodes;
using MiniApiServer.Benchmarks.Infrastructure;
using MiniApiServer.Storage;
using MiniApiServer.Storage.Postgres;
using Npgsql;

namespace MiniApiServer.Benchmarks.Scenarios;

/// <summary>
/// What one compaction batch costs on PostgreSQL: a change log of --rows pod-sized rows (default 100,000),
/// compacted to its end in batches sized as the store sizes them (<see cref="CompactionBatchSizer"/>, target
/// --target-ms, default the store's 8 ms) or of a fixed --batch rows, with one writer committing single creates
/// meanwhile, to show how long a batch holds writes up (the issue asks ≲10 ms).
/// </summary>
public static class CompactionScenario
{
    public static async Task<ScenarioResult> RunAsync(BenchOptions options)
    {
        var result = new ScenarioResult("compaction", options);
        var admin = options.Str("pg") ?? throw new ArgumentException("compaction needs --pg postgresql://USER@HOST:PORT/DATABASE (an admin URI)");
        var rows = options.Int("rows", 100_000);
        var fixedBatch = options.Int("batch", 0);
        var sizer = new CompactionBatchSizer(TimeSpan.FromMilliseconds(options.Double("target-ms", new StorageOptions().CompactionBatchTarget.TotalMilliseconds)));
        var uri = PostgresDatabases.Create(admin, "compaction");
        var bodies = Enumerable.Range(0, 16).Select(i => PodFactory.Create($"pod-{i}", i)).ToList();
        var fill = RawPostgresCeiling.Run(uri, bodies, rows, batch: 500, connections: 4, pairs: true);
        var batchRows = new List<double>();
        result.Line($"compaction: log filled with {rows} rows at {fill.RowsPerSecond:0} rows/s");
        using (var conn = new NpgsqlConnection(PostgresConnectionString.FromUri(uri)))
        {
            // The raw fill bypasses the revision counter; the writer below must continue after it.
            conn.Open();
            using var cmd = new NpgsqlCommand($"UPDATE cluster_meta SET value = {rows} WHERE key = 'revision'", conn);
            cmd.ExecuteNonQuery();
        }

        using var backend = new PostgresBackend(uri);
        // The same writer alone first: the hold-up is the difference, on whatever load the machine carries.
        var alone = new List<double>();
        using (var baseline = new CancellationTokenSource(TimeSpan.FromSeconds(options.Double("baseline", 3))))
        {
            WriteUntil(backend, bodies[0], "alone", alone, baseline.Token);
        }
        using var done = new CancellationTokenSource();
        var writeMs = new List<double>();
        var writer = Task.Run(() => WriteUntil(backend, bodies[0], "during", writeMs, done.Token));
        var batchMs = new List<double>();
        var total = Stopwatch.StartNew();
        CompactionOutcome outcome;
        int batch;
        var deleted = 0;
        do
        {
            batch = fixedBatch > 0 ? fixedBatch : sizer.Next;
            var sw = Stopwatch.StartNew();
            outcome = backend.Compact(rows, batch);
            sizer.Observe(outcome.Examined, sw.Elapsed);
            deleted += outcome.Deleted;
            if (outcome.Examined > 0)
            {
                batchMs.Add(sw.Elapsed.TotalMilliseconds);
                batchRows.Add(outcome.Examined);
            }
        }
        while (outcome.Examined == batch);
        total.Stop();
        await done.CancelAsync().ConfigureAwait(false);
        await writer.ConfigureAwait(false);

        var batches = Latencies.Summarize(batchMs);
        var writes = Latencies.Summarize(writeMs);
        var writesAlone = Latencies.Summarize(alone);
        result.Metrics["rows"] = rows;
        result.Metrics["deletedRows"] = deleted;
        result.Metrics["batchRows"] = Latencies.Summarize(batchRows);
        result.Metrics["batch"] = batches;
        result.Metrics["totalSeconds"] = Math.Round(total.Elapsed.TotalSeconds, 2);
        result.Metrics["writeDuringCompaction"] = writes;
        result.Metrics["writeAlone"] = writesAlone;
        var sizing = fixedBatch > 0 ? $"{fixedBatch} rows" : $"adaptive size (median {(batchRows.Count == 0 ? 0 : batchRows.Order().ElementAt(batchRows.Count / 2)):0} rows)";
        result.Line($"compaction: {batchMs.Count} batches of {sizing} in {total.Elapsed.TotalSeconds:0.00} s; per batch {Latencies.Describe(batches)}");
        result.Line($"compaction: single-create commits meanwhile {Latencies.Describe(writes)}; alone before {Latencies.Describe(writesAlone)}");
        return result;
    }

    /// <summary>Commits one create at a time until told to stop, recording each commit's milliseconds.</summary>
    private static void WriteUntil(PostgresBackend backend, byte[] body, string prefix, List<double> ms, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var obj = JsonNode.Parse(body)!.AsObject();
            obj["metadata"]!["name"] = $"{prefix}-{i}";
            var sw = Stopwatch.StartNew();
            backend.Commit([new WriteCommand(WriteKind.Create, "pods", "bench", $"{prefix}-{i}", obj)], RevisionStamper.Instance, DateTimeOffset.UtcNow);
            ms.Add(sw.Elapsed.TotalMilliseconds);
        }
    }
}
