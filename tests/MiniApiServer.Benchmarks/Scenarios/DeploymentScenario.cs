using System.Diagnostics;
using MiniApiServer.Benchmarks.Infrastructure;

namespace MiniApiServer.Benchmarks.Scenarios;

/// <summary>
/// Cold start with N simulated nodes until all are Ready, then one Deployment of M replicas until it reports every
/// replica updated and available with Available=True: the issue's 10,000 replicas on 5,000 nodes by default. The
/// CPU the server spent from the create to Available is reported apart from the start-up's.
/// </summary>
public static class DeploymentScenario
{
    public static async Task<ScenarioResult> RunAsync(BenchOptions options)
    {
        var nodes = options.Int("nodes", 5000);
        var replicas = options.Int("replicas", 10_000);
        var timeout = TimeSpan.FromSeconds(options.Double("timeout", 600));
        var result = new ScenarioResult("deployment", options);
        using var dir = new TempDirectory();
        await using var server = ServerHandle.Start(dir.File("deployment.db"), nodes);
        var ready = await server.WaitReadyAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        using var api = new ApiClient(server.BaseAddress);
        result.Metrics["serverReadySeconds"] = Math.Round(ready.TotalSeconds, 3);
        var before = server.Sample();
        try
        {
            var nodesReady = await NodeReadiness.WaitAsync(server, api, nodes, timeout).ConfigureAwait(false);
            result.Metrics["nodesReadySeconds"] = Math.Round(nodesReady.TotalSeconds, 3);
            await api.CreateNamespaceAsync("bench").ConfigureAwait(false);
            before = server.Sample();
            var created = Stopwatch.StartNew();
            await api.CreateAsync("/apis/apps/v1/namespaces/bench/deployments", Manifest(replicas)).ConfigureAwait(false);
            var last = "";
            while (true)
            {
                var deployment = await api.GetJsonAsync("/apis/apps/v1/namespaces/bench/deployments/bench-app").ConfigureAwait(false);
                var status = deployment["status"];
                int Field(string f) => status?[f]?.GetValue<int>() ?? 0;
                var available = status?["conditions"]?.AsArray().Any(c => c?["type"]?.GetValue<string>() == "Available" && c["status"]?.GetValue<string>() == "True") == true;
                last = $"replicas={Field("replicas")} updated={Field("updatedReplicas")} ready={Field("readyReplicas")} available={Field("availableReplicas")} Available={available}";
                if (available && new[] { "replicas", "updatedReplicas", "readyReplicas", "availableReplicas" }.All(f => Field(f) == replicas))
                {
                    break;
                }
                if (created.Elapsed > timeout)
                {
                    throw new TimeoutException($"Deployment not available after {timeout.TotalSeconds:0}s: {last}");
                }
                await Task.Delay(replicas > 1000 ? 250 : 50).ConfigureAwait(false);
            }
            result.Metrics["deploymentAvailableSeconds"] = Math.Round(created.Elapsed.TotalSeconds, 3);
        }
        catch (TimeoutException ex)
        {
            result.Failure = ex.Message;
        }
        var proc = server.Sample();
        result.Metrics["serverPeakRssMb"] = Math.Round(proc.PeakRssMb);
        result.Metrics["serverCpuSeconds"] = Math.Round(proc.CpuSeconds, 2);
        result.Metrics["deploymentCpuSeconds"] = Math.Round(proc.CpuSeconds - before.CpuSeconds, 2);
        result.Line($"deployment: {replicas} replicas on {nodes} simulated nodes");
        result.Line($"  /readyz after      {ready.TotalSeconds:0.000} s");
        result.Line($"  nodes Ready after  {result.Metrics["nodesReadySeconds"]?.ToString() ?? "-"} s from process start");
        result.Line($"  Available          {result.Metrics["deploymentAvailableSeconds"]?.ToString() ?? "-"} s after create, CPU {proc.CpuSeconds - before.CpuSeconds:0.00} s");
        result.Line($"  server             peak RSS {proc.PeakRssMb:0} MB, CPU {proc.CpuSeconds:0.00} s in all");
        if (result.Failure is not null)
        {
            result.Line($"  FAILED: {result.Failure}");
        }
        return result;
    }

    private static string Manifest(int replicas) =>
        """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"bench-app","namespace":"bench"},"spec":{"replicas":"""
        + replicas.ToString(System.Globalization.CultureInfo.InvariantCulture)
        + ""","selector":{"matchLabels":{"app":"bench-app"}},"template":{"metadata":{"labels":{"app":"bench-app"}},"spec":{"containers":[{"name":"app","image":"registry.k8s.io/pause:3.10","resources":{"requests":{"cpu":"10m","memory":"16Mi"}}}]}}}}""";
}
