using System.Diagnostics;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Resources;
using MiniApiServer.Benchmarks.Infrastructure;
using MiniApiServer.Storage;
using MiniApiServer.Storage.Sqlite;

namespace MiniApiServer.Benchmarks.Scenarios;

/// <summary>The storage layer alone, in process: K concurrent writers straight into ObjectStore (no HTTP, no admission).</summary>
public static class StoreWriteScenario
{
    public static async Task<ScenarioResult> RunAsync(BenchOptions options)
    {
        var clients = options.Int("clients", 64);
        var duration = TimeSpan.FromSeconds(options.Double("duration", 5));
        var result = new ScenarioResult("store-write", options);
        using var dir = new TempDirectory();
        var batches = new List<(int Count, double Ms)>();
        using var store = new ObjectStore(new SqliteBackend(dir.File("store.db")), new ResourceIndexer(), new StorageOptions(), TimeProvider.System);
        store.BatchCommitted += (n, t) => { lock (batches) { batches.Add((n, t.TotalMilliseconds)); } };
        var template = PodFactory.Create("x");
        var count = 0;
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            for (var i = 0; sw.Elapsed < duration; i++)
            {
                var obj = JsonNode.Parse(template)!.AsObject();
                obj["metadata"]!["name"] = $"pod-{c}-{i}";
                await store.WriteAsync(new WriteCommand(WriteKind.Create, "pods", "bench", $"pod-{c}-{i}", obj)).ConfigureAwait(false);
                Interlocked.Increment(ref count);
            }
        }))).ConfigureAwait(false);
        var rate = count / sw.Elapsed.TotalSeconds;
        result.Metrics["writesPerSecond"] = Math.Round(rate);
        result.Metrics["batches"] = batches.Count;
        result.Metrics["avgBatch"] = Math.Round(batches.Average(b => b.Count), 1);
        result.Metrics["avgBatchMs"] = Math.Round(batches.Average(b => b.Ms), 2);
        result.Line($"store-write: {clients} writers: {rate:0} writes/s, {batches.Count} batches, avg {result.Metrics["avgBatch"]} rows in {result.Metrics["avgBatchMs"]} ms");
        return result;
    }
}
