using System.Net;
using System.Text.Json;
using MiniApiServer.Benchmarks.Infrastructure;

namespace MiniApiServer.Benchmarks.Scenarios;

/// <summary>N pods, then sequential LISTs: full JSON, as Table (what kubectl get sends), and a 1% label selector.</summary>
public static class ListScenario
{
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";

    public static async Task<ScenarioResult> RunAsync(BenchOptions options)
    {
        var pods = options.Int("pods", 10_000);
        var requests = options.Int("requests", 30);
        var result = new ScenarioResult("list", options);
        using var dir = new TempDirectory();
        await using var server = ServerHandle.Start(dir.File("list.db"), 0);
        await server.WaitReadyAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        using var api = new ApiClient(server.BaseAddress);
        await api.CreateNamespaceAsync("bench").ConfigureAwait(false);
        await api.CreateManyAsync("/api/v1/namespaces/bench/pods", pods, 32, i => PodFactory.Create($"pod-{i:D6}", i)).ConfigureAwait(false);

        var expectedSelected = (pods + 99) / 100;
        var cases = new (string Name, string Path, string? Accept, int Expected)[]
        {
            ("json", "/api/v1/namespaces/bench/pods", null, pods),
            ("table", "/api/v1/namespaces/bench/pods", TableAccept, pods),
            ("selector1pct", $"/api/v1/namespaces/bench/pods?labelSelector={PodFactory.SelectedLabel}%3Done-percent", null, expectedSelected),
        };
        result.Line($"list: {pods} pods, {requests} sequential requests per case, each buffered whole, then {requests} drained");
        var buffer = new byte[1 << 20];
        foreach (var (name, path, accept, expected) in cases)
        {
            var (status, _, first) = await api.GetAsync(path, accept).ConfigureAwait(false);
            var count = status == HttpStatusCode.OK ? CountItems(first) : -1;
            if (count != expected)
            {
                result.Failure = $"{name}: expected {expected} items, got {count} (HTTP {(int)status})";
            }
            var samples = new List<double>(requests);
            for (var i = 0; i < requests; i++)
            {
                samples.Add((await api.GetAsync(path, accept).ConfigureAwait(false)).Ms);
            }
            var summary = Latencies.Summarize(samples);
            summary["items"] = count;
            summary["bytes"] = first.Length;
            result.Metrics[name] = summary;
            result.Line($"  {name,-13} {count,6} items, {first.Length / 1024.0 / 1024.0,6:0.0} MB: {Latencies.Describe(summary)}");
            var drained = new List<double>(requests);
            for (var i = 0; i < requests; i++)
            {
                var (drainedStatus, ms, bytes) = await api.GetDrainedAsync(path, buffer, accept).ConfigureAwait(false);
                // A Table's age cells may change length between reads, so only an error or an empty body fails.
                if (drainedStatus != HttpStatusCode.OK || bytes == 0)
                {
                    result.Failure = $"{name}: a drained read got HTTP {(int)drainedStatus} and {bytes} bytes";
                }
                drained.Add(ms);
            }
            var drainedSummary = Latencies.Summarize(drained);
            result.Metrics[name + "Drained"] = drainedSummary;
            result.Line($"  {name + ", drained",-22} read into a reused buffer: {Latencies.Describe(drainedSummary)}");
        }
        result.Metrics["serverPeakRssMb"] = Math.Round(server.Sample().PeakRssMb);
        return result;
    }

    private static int CountItems(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        return root.TryGetProperty("rows", out var rows) ? rows.GetArrayLength() : root.GetProperty("items").GetArrayLength();
    }
}
