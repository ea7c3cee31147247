using System.Text.Json.Nodes;
using MiniApiServer.Benchmarks.Infrastructure;

namespace MiniApiServer.Benchmarks.Scenarios;

/// <summary>
/// Issue [2/6]'s per-replica cost: R replicas on one PostgreSQL database, measured twice with <c>wrk</c>. First all
/// writes go through one replica, so the others only follow the log (tailer, cache, informers): the writer's and an
/// observer's server CPU-seconds per 1,000 creates. Then <c>wrk</c> writes through every replica at once. On one
/// machine the replicas share its cores, so the figures that carry over to one replica per machine are the CPU-seconds
/// per 1,000 of the cluster's creates, each replica's own.
/// </summary>
public static class ReplicaWriteScenario
{
    public static async Task<ScenarioResult> RunAsync(BenchOptions options)
    {
        var pg = options.Str("pg") ?? throw new ArgumentException("replica-write needs --pg ADMIN_URI (a PostgreSQL the replicas share)");
        var count = options.Int("replicas", 2);
        var connections = options.Int("connections", 32);
        var duration = TimeSpan.FromSeconds(options.Double("duration", 8));
        var wrkExe = Executables.Find("wrk") ?? throw new ArgumentException("replica-write needs wrk on PATH");
        var result = new ScenarioResult("replica-write", options);
        using var dir = new TempDirectory();
        var db = PostgresDatabases.Create(pg, "replicas");
        var replicas = new List<ServerHandle>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var replica = ServerHandle.Start(db, 0, "--LeaderElection:Identity", $"replica-{i}");
                replicas.Add(replica);
                await replica.WaitReadyAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            }
            using (var api = new ApiClient(replicas[0].BaseAddress))
            {
                // A namespace per phase and writer: wrk's names restart at every run, so a second run into one namespace would be 409s.
                foreach (var phase in new[] { "warm", "one", "all" })
                {
                    for (var i = 0; i < count; i++)
                    {
                        await api.CreateNamespaceAsync($"{phase}{i}").ConfigureAwait(false);
                    }
                }
            }
            // Every replica written through for a few seconds first, so that tiered compilation is done before either phase.
            await PhaseAsync(replicas, [.. Enumerable.Range(0, count)], connections, TimeSpan.FromSeconds(3), wrkExe, dir, "warm").ConfigureAwait(false);
            result.Line($"replica-write: {count} replicas on one PostgreSQL, wrk {connections} connections per writing replica, {duration.TotalSeconds:0} s per phase");
            // Replica 0 starts first and normally wins every lease; which replicas lead is read, not assumed.
            using (var api = new ApiClient(replicas[0].BaseAddress))
            {
                var holders = new List<string>();
                foreach (var lease in new[] { "kube-controller-manager", "kube-scheduler", "miniapiserver-simulated-kubelet" })
                {
                    var (status, _, body) = await api.GetAsync($"/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/{lease}").ConfigureAwait(false);
                    holders.Add($"{lease} {(status == System.Net.HttpStatusCode.OK ? (string?)JsonNode.Parse(body)!["spec"]?["holderIdentity"] : null) ?? "(none)"}");
                }
                result.Line($"  lease holders: {string.Join(", ", holders)}");
            }

            var one = await PhaseAsync(replicas, [0], connections, duration, wrkExe, dir, "one").ConfigureAwait(false);
            result.Metrics["oneWriter"] = one.Json;
            result.Line($"  writes through replica 0 only: {one.CreatesPerSecond:0} creates/s; CPU-s per 1,000 creates: writer {one.CpuPer1000[0]:0.000}, " +
                $"observer{(count > 2 ? "s" : "")} {string.Join(" / ", one.CpuPer1000.Skip(1).Select(c => c.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)))}");

            var all = await PhaseAsync(replicas, [.. Enumerable.Range(0, count)], connections, duration, wrkExe, dir, "all").ConfigureAwait(false);
            result.Metrics["allWriters"] = all.Json;
            result.Line($"  writes through all {count} at once: {all.CreatesPerSecond:0} creates/s in all; CPU-s per 1,000 of the cluster's creates: " +
                $"{string.Join(" / ", all.CpuPer1000.Select(c => c.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)))} (sum {all.CpuPer1000.Sum():0.000})");
            if (one.Non2xx + all.Non2xx > 0)
            {
                result.Failure = $"wrk saw {one.Non2xx + all.Non2xx} non-2xx responses";
            }
            return result;
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<Phase> PhaseAsync(List<ServerHandle> replicas, int[] writers, int connections, TimeSpan duration, string wrkExe, TempDirectory dir, string name)
    {
        var cpu0 = replicas.Select(r => r.Sample().CpuSeconds).ToArray();
        var runs = await Task.WhenAll(writers.Select(w =>
        {
            var work = Directory.CreateDirectory(Path.Combine(dir.Path, $"{name}-{w}")).FullName;
            return WrkRun.RunAsync(wrkExe, replicas[w].BaseAddress, $"/api/v1/namespaces/{name}{w}/pods", PodFactory.Create("__NAME__"), connections, 1, duration, work);
        })).ConfigureAwait(false);
        var cpu = replicas.Select((r, i) => r.Sample().CpuSeconds - cpu0[i]).ToArray();
        var ok = runs.Sum(r => r.Requests - r.Non2xx);
        var perThousand = cpu.Select(c => c / Math.Max(1, ok) * 1000).ToArray();
        var rate = runs.Sum(r => r.OkPerSecond);
        var json = new JsonObject
        {
            ["createsPerSecond"] = Math.Round(rate),
            ["creates"] = ok,
            ["p99Ms"] = new JsonArray([.. runs.Select(r => JsonValue.Create(Latencies.Round(r.P99Ms)))]),
            ["serverCpuSecondsPer1000Creates"] = new JsonArray([.. perThousand.Select(c => JsonValue.Create(Math.Round(c, 3)))]),
        };
        return new Phase(rate, perThousand, runs.Sum(r => r.Non2xx), json);
    }

    private sealed record Phase(double CreatesPerSecond, double[] CpuPer1000, long Non2xx, JsonObject Json);
}
