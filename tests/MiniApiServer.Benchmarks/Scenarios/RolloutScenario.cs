using System.Diagnostics;
using MiniApiServer.Benchmarks.Infrastructure;

namespace MiniApiServer.Benchmarks.Scenarios;

/// <summary>Cold start with N simulated nodes until all are Ready, then one DaemonSet until it is fully available.</summary>
public static class RolloutScenario
{
    private const string DaemonSet = """
    {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"bench-agent","namespace":"bench"},
     "spec":{"selector":{"matchLabels":{"app":"bench-agent"}},
      "template":{"metadata":{"labels":{"app":"bench-agent"}},
       "spec":{"tolerations":[{"operator":"Exists"}],
        "containers":[{"name":"agent","image":"registry.k8s.io/pause:3.10","resources":{"requests":{"cpu":"10m","memory":"16Mi"}}}]}}}}
    """;

    public static async Task<ScenarioResult> RunAsync(BenchOptions options)
    {
        var nodes = options.Int("nodes", 5000);
        var timeout = TimeSpan.FromSeconds(options.Double("timeout", 120));
        var result = new ScenarioResult("rollout", options);
        using var dir = new TempDirectory();
        await using var server = ServerHandle.Start(dir.File("rollout.db"), nodes);
        var ready = await server.WaitReadyAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        using var api = new ApiClient(server.BaseAddress);
        ProcSample? atCreate = null;
        result.Metrics["serverReadySeconds"] = Math.Round(ready.TotalSeconds, 3);
        try
        {
            var nodesReady = await NodeReadiness.WaitAsync(server, api, nodes, timeout).ConfigureAwait(false);
            result.Metrics["nodesReadySeconds"] = Math.Round(nodesReady.TotalSeconds, 3);
            await api.CreateNamespaceAsync("bench").ConfigureAwait(false);
            // The rollout's own cost: CPU from DaemonSet create to fully available, without start-up and node registration.
            atCreate = server.Sample();
            var created = Stopwatch.StartNew();
            await api.CreateAsync("/apis/apps/v1/namespaces/bench/daemonsets", DaemonSet).ConfigureAwait(false);
            var last = "";
            while (true)
            {
                var status = (await api.GetJsonAsync("/apis/apps/v1/namespaces/bench/daemonsets/bench-agent").ConfigureAwait(false))["status"];
                int Field(string f) => status?[f]?.GetValue<int>() ?? 0;
                last = $"desired={Field("desiredNumberScheduled")} current={Field("currentNumberScheduled")} ready={Field("numberReady")} available={Field("numberAvailable")}";
                if (new[] { "desiredNumberScheduled", "currentNumberScheduled", "numberReady", "numberAvailable" }.All(f => Field(f) == nodes))
                {
                    break;
                }
                if (created.Elapsed > timeout)
                {
                    throw new TimeoutException($"DaemonSet not fully available after {timeout.TotalSeconds:0}s: {last}");
                }
                await Task.Delay(nodes > 1000 ? 250 : 50).ConfigureAwait(false);
            }
            result.Metrics["daemonSetReadySeconds"] = Math.Round(created.Elapsed.TotalSeconds, 3);
        }
        catch (TimeoutException ex)
        {
            result.Failure = ex.Message;
        }
        var proc = server.Sample();
        result.Metrics["serverPeakRssMb"] = Math.Round(proc.PeakRssMb);
        result.Metrics["serverCpuSeconds"] = Math.Round(proc.CpuSeconds, 2);
        var rolloutCpu = atCreate is null ? (double?)null : Math.Round(proc.CpuSeconds - atCreate.CpuSeconds, 2);
        result.Metrics["rolloutCpuSeconds"] = rolloutCpu;
        result.Metrics["logLevel"] = ServerHandle.LogLevel ?? "default";
        result.Line($"rollout: {nodes} simulated nodes");
        result.Line($"  /readyz after      {ready.TotalSeconds:0.000} s");
        result.Line($"  nodes Ready after  {result.Metrics["nodesReadySeconds"]?.ToString() ?? "-"} s from process start");
        result.Line($"  DaemonSet ready    {result.Metrics["daemonSetReadySeconds"]?.ToString() ?? "-"} s after create");
        result.Line($"  server             peak RSS {proc.PeakRssMb:0} MB, CPU {proc.CpuSeconds:0.00} s in all, {rolloutCpu?.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) ?? "-"} s from DaemonSet create to available (log level {ServerHandle.LogLevel ?? "default"})");
        if (result.Failure is not null)
        {
            result.Line($"  FAILED: {result.Failure}");
        }
        return result;
    }
}
