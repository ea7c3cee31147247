using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using MiniApiServer.Benchmarks.Infrastructure;

namespace MiniApiServer.Benchmarks.Scenarios;

/// <summary>
/// W watches on configmaps from one revision, writes paced at R/s. Each object carries the UTC time (ticks) at
/// which the client sent it; a watcher's latency is receipt time minus that, on the same clock, so it covers
/// the write's commit as well as the fan-out.
/// </summary>
public static class WatchFanoutScenario
{
    public const string SentAnnotation = "bench.miniapi.io/sent-ticks";

    public static async Task<ScenarioResult> RunAsync(BenchOptions options)
    {
        var watchers = options.Int("watchers", 1000);
        var rate = options.Double("rate", 1000);
        var duration = options.Double("duration", 10);
        var writers = options.Int("writers", 32);
        var result = new ScenarioResult("watch-fanout", options);
        using var dir = new TempDirectory();
        // One benchmark client opens all the watches, so the per-client watch cap (Limits:MaxWatchesPerClient) is lifted.
        // --pg ADMIN_URI: writes go to one server and the watches to a second one on the same fresh PostgreSQL
        // database, so the latency covers the commit, the NOTIFY and the other replica's tailer.
        var pg = options.Str("pg");
        var db = pg is null ? dir.File("watch.db") : PostgresDatabases.Create(pg, "watch");
        await using var server = ServerHandle.Start(db, 0, "--Limits:MaxWatchesPerClient", "0");
        await server.WaitReadyAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        await using var replica = pg is null ? null : ServerHandle.Start(db, 0, "--Limits:MaxWatchesPerClient", "0");
        if (replica is not null)
        {
            await replica.WaitReadyAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        }
        using var api = new ApiClient(server.BaseAddress);
        using var watchApi = new ApiClient((replica ?? server).BaseAddress);
        await api.CreateNamespaceAsync("bench").ConfigureAwait(false);
        var rv = await api.RevisionAsync().ConfigureAwait(false);

        using var stop = new CancellationTokenSource();
        var streams = Enumerable.Range(0, watchers).Select(_ => new WatchReader()).ToArray();
        var path = $"/api/v1/namespaces/bench/configmaps?watch=true&resourceVersion={rv}&timeoutSeconds=3600";
        var readers = streams.Select(s => s.RunAsync(watchApi.Http, path, stop.Token)).ToArray();
        await Task.WhenAll(streams.Select(s => s.Connected)).ConfigureAwait(false);

        var total = (int)(rate * duration);
        var writeLatency = new List<double>[writers];
        var failures = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var mine = writeLatency[w] = [];
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                var due = TimeSpan.FromSeconds(i / rate) - clock.Elapsed;
                if (due > TimeSpan.FromMilliseconds(1))
                {
                    await Task.Delay(due).ConfigureAwait(false);
                }
                var ticks = DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture);
                var body = Encoding.UTF8.GetBytes(
                    $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm-{{{i}}}","annotations":{"{{{SentAnnotation}}}":"{{{ticks}}}"}},"data":{"key":"value-{{{i}}}"}}""");
                var (status, ms, _) = await api.PostAsync("/api/v1/namespaces/bench/configmaps", body).ConfigureAwait(false);
                if (status == HttpStatusCode.Created) mine.Add(ms); else Interlocked.Increment(ref failures);
            }
        }))).ConfigureAwait(false);
        var writeSeconds = clock.Elapsed.TotalSeconds;
        var written = total - failures;

        // Let the stragglers drain; a watcher that never catches up shows as a count short.
        var drain = Stopwatch.StartNew();
        while (streams.Any(s => s.Count < written) && drain.Elapsed < TimeSpan.FromSeconds(15) && readers.All(r => !r.IsFaulted))
        {
            await Task.Delay(50).ConfigureAwait(false);
        }
        var peak = server.Sample();
        var faulted = readers.FirstOrDefault(r => r.IsFaulted);
        await stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(readers.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);

        var latency = Latencies.Summarize(streams.SelectMany(s => s.Latencies));
        var complete = streams.Count(s => s.Count == written);
        var lost = streams.Sum(s => Math.Max(0, written - s.Count));
        result.Metrics["written"] = written;
        result.Metrics["writeFailures"] = failures;
        result.Metrics["achievedRatePerSecond"] = Math.Round(written / writeSeconds);
        result.Metrics["writeLatency"] = Latencies.Summarize(writeLatency.SelectMany(l => l));
        result.Metrics["deliveryLatency"] = latency;
        result.Metrics["watchersComplete"] = complete;
        result.Metrics["eventsLost"] = lost;
        result.Metrics["duplicates"] = streams.Sum(s => Math.Max(0, s.Count - written));
        result.Metrics["serverPeakRssMb"] = Math.Round(peak.PeakRssMb);
        result.Line($"watch-fanout: {watchers} watchers, {rate:0} writes/s for {duration:0.#} s");
        result.Line($"  written            {written} at {result.Metrics["achievedRatePerSecond"]}/s, write {Latencies.Describe(result.Metrics["writeLatency"]!.AsObject())}");
        result.Line($"  delivery latency   {Latencies.Describe(latency)}");
        result.Line($"  complete watchers  {complete}/{watchers}, events lost {lost}");
        if (faulted is not null)
        {
            result.Failure = "a watch failed: " + faulted.Exception!.InnerException!.Message;
        }
        return result;
    }
}
