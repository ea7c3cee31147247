using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.Benchmarks.Infrastructure;

namespace MiniApiServer.Benchmarks.Scenarios;

/// <summary>
/// K closed-loop clients create ~2.5 KB pods for D seconds; then wrk does the same from outside .NET; then, with the
/// server stopped, the same bytes go straight into SQLite (the server's two statements, and one row per object as
/// issue [6/6] defines the ceiling) and a throwaway etcd runs `etcdctl check perf`. All ratios come from one run.
/// </summary>
public static class ApiWriteScenario
{
    private const string Path = "/api/v1/namespaces/bench/pods";
    private const int KeptBodies = 20_000;

    public static async Task<ScenarioResult> RunAsync(BenchOptions options)
    {
        var clients = options.Int("clients", 64);
        var duration = TimeSpan.FromSeconds(options.Double("duration", 10));
        var wrkDuration = TimeSpan.FromSeconds(options.Double("wrk-duration", duration.TotalSeconds));
        var etcdLoad = options.Str("etcd-load") ?? "xl";
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
        var gc0 = await RuntimeCounters.ReadAsync(api.Http).ConfigureAwait(false);
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
        var gc = (await RuntimeCounters.ReadAsync(api.Http).ConfigureAwait(false)).Since(gc0);
        var all = latencies.SelectMany(l => l).ToList();
        var rate = all.Count / elapsed;
        var latency = Latencies.Summarize(all);
        var cpuSeconds = cpu1.CpuSeconds - cpu0.CpuSeconds;

        var wrk = await RunWrkAsync(server, api.Http, clients, wrkDuration, dir, result).ConfigureAwait(false);
        await server.StopAsync().ConfigureAwait(false);

        var rows = kept.SelectMany(k => k).ToList();
        var rawRows = Math.Clamp(all.Count, 10_000, 200_000);
        var pgRaw = pg is null ? default : RawPostgresCeiling.Best(() => PostgresDatabases.Create(pg, "raw"), rows, rawRows, options.Int("batch", 100));
        var pgRaw1 = pg is null ? default : RawPostgresCeiling.Best(() => PostgresDatabases.Create(pg, "raw1"), rows, rawRows, options.Int("raw1-batch", 100), onePerObject: true);
        var raw = pg is null ? RawSqliteCeiling.Run(dir.File("raw.db"), rows, rawRows, options.Int("batch", 256)) : pgRaw.Best;
        var sqlite1 = pg is null ? RawSqliteOneRowCeiling.Best(dir.Path, rows, rawRows, options.Int("raw1-batch", 100)) : default;
        var oneRow = pg is null ? sqlite1.Best : pgRaw1.Best;
        var pages = pg is null ? $"4 KiB pages {sqlite1.Small.RowsPerSecond:0}, 16 KiB {sqlite1.Large.RowsPerSecond:0}" : "";
        var etcd = etcdLoad != "none" && EtcdCheckPerf.Available() ? await EtcdCheckPerf.RunAsync(etcdLoad, dir.Path).ConfigureAwait(false) : null;
        var ratio = rate / raw.RowsPerSecond;

        result.Metrics["creates"] = all.Count;
        result.Metrics["failures"] = failures;
        result.Metrics["createsPerSecond"] = Math.Round(rate);
        result.Metrics["latency"] = latency;
        result.Metrics["avgBodyBytes"] = rows.Count == 0 ? 0 : (int)rows.Average(r => r.Length);
        result.Metrics["serverCpuPercentOfOneCore"] = Math.Round(cpuSeconds / elapsed * 100);
        result.Metrics["serverCpuSecondsPer1000Creates"] = Math.Round(cpuSeconds / Math.Max(1, all.Count) * 1000, 3);
        result.Metrics["serverKbAllocatedPerCreate"] = Math.Round(gc.AllocatedBytes / Math.Max(1, all.Count) / 1024, 1);
        result.Metrics["serverGcPauseSeconds"] = Math.Round(gc.GcPauseSeconds, 3);
        result.Metrics["serverPeakRssMb"] = Math.Round(cpu1.PeakRssMb);
        result.Metrics["rawRows"] = raw.Rows;
        result.Metrics["rawRowsPerSecond"] = Math.Round(raw.RowsPerSecond);
        result.Metrics["ratioApiToRaw"] = Math.Round(ratio, 3);
        result.Summary.Insert(0, $"api-write: {clients} clients x {duration.TotalSeconds:0.#} s, pods of ~{result.Metrics["avgBodyBytes"]} B (stored form)");
        result.Summary.Insert(1, $"  API creates/s      {rate:0}  ({all.Count} ok, {failures} failed)");
        result.Summary.Insert(2, $"  API latency        {Latencies.Describe(latency)}");
        result.Summary.Insert(3, $"  server CPU         {result.Metrics["serverCpuPercentOfOneCore"]}% of one core, {result.Metrics["serverCpuSecondsPer1000Creates"]} CPU-s per 1,000 creates, peak RSS {result.Metrics["serverPeakRssMb"]} MB");
        result.Summary.Insert(4, $"  server GC          {result.Metrics["serverKbAllocatedPerCreate"]} KB allocated per create, {result.Metrics["serverGcPauseSeconds"]} s paused in {elapsed:0.0} s");
        result.Line(pg is null
            ? $"  raw SQLite rows/s  {raw.RowsPerSecond:0}  ({raw.Rows} rows, server's 2 statements per row, WAL+FULL, {options.Used["batch"]} per tx)"
            : $"  raw PG rows/s      {raw.RowsPerSecond:0}  ({raw.Rows} objects, server's 2 statements each, {options.Used["batch"]} per tx, best of 1/2/4 connections: {pgRaw.Connections})");
        result.Line($"  ratio API/raw      {ratio:0.000}");
        if (oneRow is not null)
        {
            result.Metrics["raw1RowsPerSecond"] = Math.Round(oneRow.RowsPerSecond);
            if (pg is null)
            {
                result.Metrics["raw1RowsPerSecond4KiBPages"] = Math.Round(sqlite1.Small.RowsPerSecond);
                result.Metrics["raw1RowsPerSecond16KiBPages"] = Math.Round(sqlite1.Large.RowsPerSecond);
            }
            result.Metrics["ratioApiToRaw1"] = Math.Round(rate / oneRow.RowsPerSecond, 3);
            result.Line($"  raw {(pg is null ? "SQLite" : "PG")} 1 row/object, {options.Used["raw1-batch"]}/tx{(pg is null ? $", WAL+FULL, the faster of {pages}" : $", {pgRaw1.Connections} connections")}: {oneRow.RowsPerSecond:0} rows/s; ratio API/raw1 {rate / oneRow.RowsPerSecond:0.000}" +
                (wrk is null ? "" : $", wrk/raw1 {wrk.OkPerSecond / oneRow.RowsPerSecond:0.000}"));
            if (wrk is not null)
            {
                result.Metrics["ratioWrkToRaw1"] = Math.Round(wrk.OkPerSecond / oneRow.RowsPerSecond, 3);
            }
        }
        ReportEtcd(result, etcd, etcdLoad, rate, wrk);
        if (all.Count == 0)
        {
            result.Failure = "no create succeeded";
        }
        return result;
    }

    private static async Task<WrkRun?> RunWrkAsync(ServerHandle server, HttpClient http, int connections, TimeSpan duration, TempDirectory dir, ScenarioResult result)
    {
        var exe = Executables.Find("wrk");
        if (exe is null || duration <= TimeSpan.Zero)
        {
            result.Line("  wrk                skipped (" + (exe is null ? "not on PATH" : "--wrk-duration 0") + ")");
            return null;
        }
        var cpu0 = server.Sample();
        var gc0 = await RuntimeCounters.ReadAsync(http).ConfigureAwait(false);
        var wrk = await WrkRun.RunAsync(exe, server.BaseAddress, Path, PodFactory.Create("__NAME__"), connections, 2, duration, dir.Path).ConfigureAwait(false);
        var cpu = server.Sample().CpuSeconds - cpu0.CpuSeconds;
        var gc = (await RuntimeCounters.ReadAsync(http).ConfigureAwait(false)).Since(gc0);
        var ok = wrk.Requests - wrk.Non2xx;
        result.Metrics["wrk"] = new JsonObject
        {
            ["createsPerSecond"] = Math.Round(wrk.OkPerSecond),
            ["requests"] = wrk.Requests,
            ["non2xx"] = wrk.Non2xx,
            ["p50Ms"] = Latencies.Round(wrk.P50Ms),
            ["p99Ms"] = Latencies.Round(wrk.P99Ms),
            ["maxMs"] = Latencies.Round(wrk.MaxMs),
            ["serverCpuPercentOfOneCore"] = Math.Round(cpu / wrk.Seconds * 100),
            ["serverCpuSecondsPer1000Creates"] = Math.Round(cpu / Math.Max(1, ok) * 1000, 3),
            ["serverKbAllocatedPerCreate"] = Math.Round(gc.AllocatedBytes / Math.Max(1, ok) / 1024, 1),
            ["serverGcPauseSeconds"] = Math.Round(gc.GcPauseSeconds, 3),
        };
        result.Line($"  wrk {connections} conns      {wrk.OkPerSecond:0} creates/s ({ok} ok, {wrk.Non2xx} non-2xx), p50 {wrk.P50Ms:0.0} ms, p99 {wrk.P99Ms:0.0} ms, max {wrk.MaxMs:0} ms; server {cpu / wrk.Seconds * 100:0}% of a core, {cpu / Math.Max(1, ok) * 1000:0.000} CPU-s per 1,000, {gc.AllocatedBytes / Math.Max(1, ok) / 1024:0.0} KB allocated per create, {gc.GcPauseSeconds:0.00} s GC pause");
        if (wrk.Non2xx > 0)
        {
            result.Failure = $"wrk saw {wrk.Non2xx} non-2xx responses";
        }
        return wrk;
    }

    private static void ReportEtcd(ScenarioResult result, EtcdCheckPerf.Result? etcd, string load, double rate, WrkRun? wrk)
    {
        if (etcd is null)
        {
            result.Line("  etcd check perf    skipped (" + (load == "none" ? "--etcd-load none" : "etcd/etcdctl not on PATH") + ")");
            return;
        }
        result.Metrics["etcdCheckPerf"] = new JsonObject
        {
            ["load"] = load,
            ["writesPerSecond"] = Math.Round(etcd.WritesPerSecond),
            ["passed"] = etcd.Passed,
            ["ratioApiToEtcd"] = Math.Round(rate / etcd.WritesPerSecond, 3),
            ["ratioWrkToEtcd"] = wrk is null ? null : Math.Round(wrk.OkPerSecond / etcd.WritesPerSecond, 3),
        };
        result.Line($"  etcd check perf --load={load}: {etcd.WritesPerSecond:0} writes/s ({(etcd.Passed ? "PASS" : "FAIL")}); ratio API/etcd {rate / etcd.WritesPerSecond:0.000}" +
            (wrk is null ? "" : $", wrk/etcd {wrk.OkPerSecond / etcd.WritesPerSecond:0.000}"));
    }
}
