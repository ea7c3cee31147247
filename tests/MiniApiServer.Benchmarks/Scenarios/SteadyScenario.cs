using MiniApiServer.Benchmarks.Infrastructure;

namespace MiniApiServer.Benchmarks.Scenarios;

/// <summary>N heartbeating nodes and nothing else: what the idle control plane costs.</summary>
public static class SteadyScenario
{
    public static async Task<ScenarioResult> RunAsync(BenchOptions options)
    {
        var nodes = options.Int("nodes", 5000);
        var duration = TimeSpan.FromSeconds(options.Double("duration", 60));
        var timeout = TimeSpan.FromSeconds(options.Double("timeout", 120));
        var result = new ScenarioResult("steady", options);
        using var dir = new TempDirectory();
        await using var server = ServerHandle.Start(dir.File("steady.db"), nodes);
        await server.WaitReadyAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        using var api = new ApiClient(server.BaseAddress);
        try
        {
            await NodeReadiness.WaitAsync(server, api, nodes, timeout).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            result.Failure = ex.Message;
            result.Line($"steady: FAILED: {ex.Message}");
            return result;
        }
        await api.CreateNamespaceAsync("bench").ConfigureAwait(false);
        await api.CreateAsync("/api/v1/namespaces/bench/pods", System.Text.Encoding.UTF8.GetString(PodFactory.Create("probe"))).ConfigureAwait(false);

        var rv0 = await api.RevisionAsync().ConfigureAwait(false);
        var p0 = server.Sample();
        var gets = new List<double>();
        // Ten GETs a second, paced by a timer: enough for a p99, too few to be the load being measured.
        using (var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(100)))
        {
            while ((DateTime.UtcNow - p0.At) < duration && await pace.WaitForNextTickAsync().ConfigureAwait(false))
            {
                gets.Add((await api.GetAsync("/api/v1/namespaces/bench/pods/probe").ConfigureAwait(false)).Ms);
            }
        }
        var p1 = server.Sample();
        var rv1 = await api.RevisionAsync().ConfigureAwait(false);
        var seconds = (p1.At - p0.At).TotalSeconds;
        var cpu = (p1.CpuSeconds - p0.CpuSeconds) / seconds * 100;
        var writes = (rv1 - rv0) / seconds;
        var get = Latencies.Summarize(gets);
        result.Metrics["cpuPercentOfOneCore"] = Math.Round(cpu, 1);
        result.Metrics["rssMb"] = Math.Round(p1.RssMb);
        result.Metrics["peakRssMb"] = Math.Round(p1.PeakRssMb);
        result.Metrics["writesPerSecond"] = Math.Round(writes, 1);
        result.Metrics["podGet"] = get;
        result.Line($"steady: {nodes} nodes, {seconds:0} s window");
        result.Line($"  CPU                {cpu:0.0}% of one core");
        result.Line($"  RSS                {p1.RssMb:0} MB (peak {p1.PeakRssMb:0} MB)");
        result.Line($"  writes/s           {writes:0.0} (resourceVersion delta)");
        result.Line($"  pod GET            {Latencies.Describe(get)}");
        return result;
    }
}
