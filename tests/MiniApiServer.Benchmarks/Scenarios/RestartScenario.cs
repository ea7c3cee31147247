using System.Text.Json;
using MiniApiServer.Benchmarks.Infrastructure;

namespace MiniApiServer.Benchmarks.Scenarios;

/// <summary>Populate once, stop gracefully, then time process start to /readyz 200 over a few restarts.</summary>
public static class RestartScenario
{
    public static async Task<ScenarioResult> RunAsync(BenchOptions options)
    {
        var nodes = options.Int("nodes", 5000);
        var pods = options.Int("pods", 10_000);
        var restarts = options.Int("restarts", 3);
        var timeout = TimeSpan.FromSeconds(options.Double("timeout", 120));
        var result = new ScenarioResult("restart", options);
        using var dir = new TempDirectory();
        // --db keeps the populated database for profiling a cold start by hand.
        var db = options.Str("db") ?? dir.File("restart.db");
        await using (var server = ServerHandle.Start(db, nodes))
        {
            await server.WaitReadyAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            using var api = new ApiClient(server.BaseAddress);
            if (nodes > 0)
            {
                try
                {
                    await NodeReadiness.WaitAsync(server, api, nodes, timeout).ConfigureAwait(false);
                }
                catch (TimeoutException ex)
                {
                    result.Failure = ex.Message;
                    result.Line($"restart: FAILED: {ex.Message}");
                    return result;
                }
            }
            await api.CreateNamespaceAsync("bench").ConfigureAwait(false);
            await api.CreateManyAsync("/api/v1/namespaces/bench/pods", pods, 32, i => PodFactory.Create($"pod-{i:D6}", i)).ConfigureAwait(false);
            await server.StopAsync().ConfigureAwait(false);
        }
        var objects = CountRows(db);
        var times = new List<double>();
        var cpu = new List<double>();
        var podsAfter = -1;
        for (var r = 0; r < restarts; r++)
        {
            await using var server = ServerHandle.Start(db, nodes);
            times.Add((await server.WaitReadyAsync(TimeSpan.FromSeconds(120)).ConfigureAwait(false)).TotalSeconds);
            // CPU spent to get ready is what a busy or shared machine cannot hide, unlike wall time.
            cpu.Add(server.Sample().CpuSeconds);
            if (r == restarts - 1)
            {
                using var api = new ApiClient(server.BaseAddress);
                using var doc = JsonDocument.Parse((await api.GetAsync("/api/v1/namespaces/bench/pods").ConfigureAwait(false)).Body);
                podsAfter = doc.RootElement.GetProperty("items").GetArrayLength();
            }
            await server.StopAsync().ConfigureAwait(false);
        }
        times.Sort();
        cpu.Sort();
        var median = times[times.Count / 2];
        result.Metrics["medianCpuSecondsToReady"] = Math.Round(cpu[cpu.Count / 2], 2);
        result.Metrics["objects"] = objects;
        result.Metrics["dbMb"] = Math.Round(new FileInfo(db).Length / 1024.0 / 1024.0, 1);
        result.Metrics["readySeconds"] = new System.Text.Json.Nodes.JsonArray(times.Select(t => (System.Text.Json.Nodes.JsonNode?)Math.Round(t, 3)).ToArray());
        result.Metrics["medianReadySeconds"] = Math.Round(median, 3);
        result.Metrics["podsAfterRestart"] = podsAfter;
        result.Line($"restart: {nodes} nodes, {pods} pods ({objects} stored objects, {result.Metrics["dbMb"]} MB)");
        result.Line($"  start to /readyz   median {median:0.000} s over {restarts} ({string.Join(", ", times.Select(t => t.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)))})");
        result.Line($"  CPU to /readyz     median {cpu[cpu.Count / 2]:0.00} s (user+sys of the server process)");
        if (podsAfter != pods)
        {
            result.Failure = $"expected {pods} pods after restart, found {podsAfter}";
        }
        return result;
    }

    private static long CountRows(string db)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM objects";
        return (long)cmd.ExecuteScalar()!;
    }
}
