using System.Diagnostics;
using System.Net;
using MiniApiServer.Benchmarks.Infrastructure;

namespace MiniApiServer.Benchmarks.Scenarios;

/// <summary>K closed-loop clients create ~2 KB pods for D seconds; then the same bytes go straight into SQLite.</summary>
public static class ApiWriteScenario
{
    private const string Path = "/api/v1/namespaces/bench/pods";
    private const int KeptBodies = 20_000;

    public static async Task<ScenarioResult> RunAsync(BenchOptions options)
    {
        var clients = options.Int("clients", 64);
        var duration = TimeSpan.FromSeconds(options.Double("duration", 10));
        var result = new ScenarioResult("api-write", options);
        using var dir = new TempDirectory();
        // --pg postgresql://USER@HOST:PORT/ADMIN_DB: the server and the ceiling each get a fresh database there.
        var pg = options.Str("pg");
        var apiDb = pg is null ? dir.File("api.db") : PostgresDatabases.Create(pg, "api");
        await using var server = ServerHandle.Start(apiDb, 0);
        await server.WaitReadyAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        using var api = new ApiClient(server.BaseAddress);
        await api.CreateNamespaceAsync("bench").ConfigureAwait(false);
        // A short warm-up so JIT and connection setup stay out of the window.
        await api.CreateManyAsync(Path, clients * 10, clients, i => PodFactory.Create($"warm-{i}", i)).ConfigureAwait(false);

        var latencies = new List<double>[clients];
        var kept = new List<byte[]>[clients];
        var failures = 0;
        var window = Stopwatch.StartNew();
        var cpu0 = server.Sample();
        var workers = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            var mine = latencies[c] = [];
            var bodies = kept[c] = [];
            for (var i = 0; window.Elapsed < duration; i++)
            {
                var (status, ms, body) = await api.PostAsync(Path, PodFactory.Create($"pod-{c}-{i}", i)).ConfigureAwait(false);
                if (status != HttpStatusCode.Created)
                {
                    Interlocked.Increment(ref failures);
                    continue;
                }
                mine.Add(ms);
                if (bodies.Count < KeptBodies / clients)
                {
                    bodies.Add(body);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        var elapsed = window.Elapsed.TotalSeconds;
        var cpu1 = server.Sample();
        var all = latencies.SelectMany(l => l).ToList();
        var rate = all.Count / elapsed;
        var latency = Latencies.Summarize(all);

        var rows = kept.SelectMany(k => k).ToList();
        var raw = pg is null
            ? RawSqliteCeiling.Run(dir.File("raw.db"), rows, Math.Clamp(all.Count, 10_000, 200_000), options.Int("batch", 256))
            : RawPostgresCeiling.Run(PostgresDatabases.Create(pg, "raw"), rows, Math.Clamp(all.Count, 10_000, 200_000), options.Int("batch", 100), options.Int("raw-connections", 4));
        var ratio = rate / raw.RowsPerSecond;

        result.Metrics["creates"] = all.Count;
        result.Metrics["failures"] = failures;
        result.Metrics["createsPerSecond"] = Math.Round(rate);
        result.Metrics["latency"] = latency;
        result.Metrics["avgBodyBytes"] = rows.Count == 0 ? 0 : (int)rows.Average(r => r.Length);
        result.Metrics["serverCpuPercentOfOneCore"] = Math.Round((cpu1.CpuSeconds - cpu0.CpuSeconds) / elapsed * 100);
        result.Metrics["serverPeakRssMb"] = Math.Round(cpu1.PeakRssMb);
        result.Metrics["rawRows"] = raw.Rows;
        result.Metrics["rawRowsPerSecond"] = Math.Round(raw.RowsPerSecond);
        result.Metrics["ratioApiToRaw"] = Math.Round(ratio, 3);
        result.Line($"api-write: {clients} clients x {duration.TotalSeconds:0.#} s, pods of ~{result.Metrics["avgBodyBytes"]} B (stored form)");
        result.Line($"  API creates/s      {rate:0}  ({all.Count} ok, {failures} failed)");
        result.Line($"  API latency        {Latencies.Describe(latency)}");
        result.Line($"  server CPU         {result.Metrics["serverCpuPercentOfOneCore"]}% of one core, peak RSS {result.Metrics["serverPeakRssMb"]} MB");
        result.Line(pg is null
            ? $"  raw SQLite rows/s  {raw.RowsPerSecond:0}  ({raw.Rows} rows, WAL+FULL, {options.Used["batch"]} per tx)"
            : $"  raw PG rows/s      {raw.RowsPerSecond:0}  ({raw.Rows} rows, {options.Used["batch"]} per tx, {options.Used["raw-connections"]} connections)");
        result.Line($"  ratio API/raw      {ratio:0.000}");
        if (all.Count == 0)
        {
            result.Failure = "no create succeeded";
        }
        return result;
    }
}
