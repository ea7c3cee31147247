using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using MiniApiServer.Benchmarks.Infrastructure;

namespace MiniApiServer.Benchmarks.Scenarios;

/// <summary>
/// Issue [2/6]'s failover figure: replicas on one PostgreSQL database, a DaemonSet, then per round a <c>kill -9</c> of
/// the kube-controller-manager lease holder and, right after it, a node joining through a survivor. Timed from the
/// kill: another replica holds the lease, the node's daemon pod exists (the new leader's first reconcile), and that
/// pod is Running (the scheduler and the simulated kubelet, whose leases may have been the killed replica's too).
/// A fresh replica replaces the killed one before the next round. Upstream's rules bound it: a candidate takes a 15 s
/// lease once it has seen the record unchanged for 15 s, checking every 2 s, so 13–17 s after the holder's last renewal.
/// </summary>
public static class FailoverScenario
{
    private const string Lease = "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/";
    private const string Pods = "/api/v1/namespaces/default/pods?labelSelector=app%3Dbench-agent";
    private static readonly string[] Leases = ["kube-controller-manager", "kube-scheduler", "miniapiserver-simulated-kubelet"];

    public static async Task<ScenarioResult> RunAsync(BenchOptions options)
    {
        var pg = options.Str("pg") ?? throw new ArgumentException("failover needs --pg ADMIN_URI (a PostgreSQL the replicas share)");
        var rounds = options.Int("rounds", 3);
        var count = options.Int("replicas", 3);
        // Nodes joined before the first kill, each with its daemon pod: what a new leader that led nothing lists cold.
        var nodes = options.Int("nodes", 0);
        var result = new ScenarioResult("failover", options);
        var db = PostgresDatabases.Create(pg, "failover");
        var replicas = new Dictionary<string, ServerHandle>();
        var started = 0;
        try
        {
            for (; started < count; started++)
            {
                replicas[$"bench-{started}"] = await StartAsync(db, started).ConfigureAwait(false);
            }
            var first = replicas.Values.First();
            using (var api = new ApiClient(first.BaseAddress))
            {
                await api.CreateAsync("/apis/apps/v1/namespaces/default/daemonsets", DaemonSet).ConfigureAwait(false);
                await api.CreateAsync("/api/v1/nodes", Node("before")).ConfigureAwait(false);
                await UntilAsync(api, "before", running: true, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
                if (nodes > 0)
                {
                    await api.CreateManyAsync("/api/v1/nodes", nodes, 16, i => System.Text.Encoding.UTF8.GetBytes(Node($"n-{i}"))).ConfigureAwait(false);
                    await ReadyEverywhereAsync(api, nodes + 1, TimeSpan.FromSeconds(300)).ConfigureAwait(false);
                }
            }
            var lease = new List<double>();
            var reconcile = new List<double>();
            var runningAfter = new List<double>();
            for (var round = 1; round <= rounds; round++)
            {
                using var probe = new ApiClient(replicas.Values.First().BaseAddress);
                var holders = await HoldersAsync(probe).ConfigureAwait(false);
                var victim = holders["kube-controller-manager"] ?? throw new InvalidOperationException("no kube-controller-manager lease holder");
                var warm = holders.Values.Where(h => h is not null && h != victim).ToHashSet();
                var also = string.Join(", ", Leases.Skip(1).Where(l => holders[l] == victim));
                await replicas[victim].KillAsync().ConfigureAwait(false);
                var sinceKill = Stopwatch.StartNew();
                replicas.Remove(victim);
                using var observer = new ApiClient(replicas.Values.First().BaseAddress);
                var node = $"after-{round}";
                var before = await PodCountAsync(observer).ConfigureAwait(false);
                await observer.CreateAsync("/api/v1/nodes", Node(node)).ConfigureAwait(false);

                double? takenOver = null;
                string? successor = null;
                double? created = null;
                double? running = null;
                while (running is null || takenOver is null)
                {
                    if (sinceKill.Elapsed > TimeSpan.FromSeconds(90))
                    {
                        result.Failure = $"round {round}: lease {takenOver?.ToString(CultureInfo.InvariantCulture) ?? "not taken over"}, pod created {created?.ToString(CultureInfo.InvariantCulture) ?? "no"}, running {running?.ToString(CultureInfo.InvariantCulture) ?? "no"} after 90 s";
                        return result;
                    }
                    if (takenOver is null && (await HoldersAsync(observer).ConfigureAwait(false))["kube-controller-manager"] is { } holder && holder != victim)
                    {
                        takenOver = sinceKill.Elapsed.TotalSeconds;
                        successor = holder;
                    }
                    // Cheap probes, so that polling a cluster of --nodes pods every 20 ms does not load the replica it times:
                    // the pod count from a one-item page, then the new node's bound pod by field selector.
                    if (created is null && await PodCountAsync(observer).ConfigureAwait(false) > before)
                    {
                        created = sinceKill.Elapsed.TotalSeconds;
                    }
                    if (created is not null && await BoundPhaseAsync(observer, node).ConfigureAwait(false) == "Running")
                    {
                        running = sinceKill.Elapsed.TotalSeconds;
                    }
                    await Task.Delay(20).ConfigureAwait(false);
                }
                lease.Add(takenOver.Value);
                reconcile.Add(created!.Value);
                runningAfter.Add(running.Value);
                // Cold: the successor led nothing before, so its controllers' informers start (and list) only now.
                result.Line($"  round {round}: killed {victim} (also held: {(also.Length == 0 ? "none" : also)}); {successor} took over {(warm.Contains(successor!) ? "warm" : "cold")}: lease {takenOver:0.00} s, " +
                    $"daemon pod on the new node {created:0.00} s, Running {running:0.00} s after the kill");
                replicas[$"bench-{started}"] = await StartAsync(db, started).ConfigureAwait(false);
                started++;
            }
            result.Summary.Insert(0, $"failover: {count} replicas on one PostgreSQL, {nodes + 1} nodes with a daemon pod each, kill -9 of the kube-controller-manager lease holder, {rounds} rounds");
            result.Line($"  median: lease {Median(lease):0.00} s, first reconcile {Median(reconcile):0.00} s, pod Running {Median(runningAfter):0.00} s");
            result.Metrics["leaseTakeoverSeconds"] = new JsonArray([.. lease.Select(v => JsonValue.Create(v))]);
            result.Metrics["firstReconcileSeconds"] = new JsonArray([.. reconcile.Select(v => JsonValue.Create(v))]);
            result.Metrics["podRunningSeconds"] = new JsonArray([.. runningAfter.Select(v => JsonValue.Create(v))]);
            result.Metrics["medianFirstReconcileSeconds"] = Median(reconcile);
            return result;
        }
        finally
        {
            foreach (var replica in replicas.Values)
            {
                await replica.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async Task<ServerHandle> StartAsync(string db, int index)
    {
        var server = ServerHandle.Start(db, 0, "--LeaderElection:Identity", $"bench-{index}");
        await server.WaitReadyAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        return server;
    }

    private static async Task<Dictionary<string, string?>> HoldersAsync(ApiClient api)
    {
        var holders = new Dictionary<string, string?>();
        foreach (var name in Leases)
        {
            var (status, _, body) = await api.GetAsync(Lease + name).ConfigureAwait(false);
            holders[name] = status == System.Net.HttpStatusCode.OK ? (string?)JsonNode.Parse(body)!["spec"]?["holderIdentity"] : null;
        }
        return holders;
    }

    private static Task UntilAsync(ApiClient api, string node, bool running, TimeSpan timeout) =>
        Poll.UntilAsync(() => PodPhaseAsync(api, node), phase => phase is not null && (!running || phase == "Running"), timeout,
            _ => $"no {(running ? "Running " : "")}daemon pod on {node} within {timeout.TotalSeconds:0} s");

    private static Task ReadyEverywhereAsync(ApiClient api, int count, TimeSpan timeout) =>
        Poll.UntilAsync(async () => (await api.GetJsonAsync("/apis/apps/v1/namespaces/default/daemonsets/bench-agent").ConfigureAwait(false))["status"],
            status => (int?)status?["numberReady"] == count && (int?)status?["desiredNumberScheduled"] == count, timeout,
            status => $"the DaemonSet not ready on {count} nodes within {timeout.TotalSeconds:0} s: {status?.ToJsonString()}");

    /// <summary>The phase of the daemon pod bound or aimed at <paramref name="node"/> (by its required node affinity), "" when it has none yet.</summary>
    private static async Task<string?> PodPhaseAsync(ApiClient api, string node)
    {
        var list = await api.GetJsonAsync(Pods).ConfigureAwait(false);
        foreach (var pod in list["items"]!.AsArray())
        {
            var target = (string?)pod!["spec"]?["affinity"]?["nodeAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"]?["nodeSelectorTerms"]?[0]?["matchFields"]?[0]?["values"]?[0]
                ?? (string?)pod["spec"]?["nodeName"];
            if (target == node)
            {
                return (string?)pod["status"]?["phase"] ?? "";
            }
        }
        return null;
    }

    private static async Task<long> PodCountAsync(ApiClient api)
    {
        // Without the label selector: the server, as kube-apiserver, counts the remaining items only for a list that has
        // none, and the namespace holds only the DaemonSet's pods.
        var page = await api.GetJsonAsync("/api/v1/namespaces/default/pods?limit=1").ConfigureAwait(false);
        return page["items"]!.AsArray().Count + ((long?)page["metadata"]?["remainingItemCount"] ?? 0);
    }

    private static async Task<string?> BoundPhaseAsync(ApiClient api, string node)
    {
        var list = await api.GetJsonAsync($"{Pods}&fieldSelector=spec.nodeName%3D{node}").ConfigureAwait(false);
        return list["items"]!.AsArray().Select(p => (string?)p!["status"]?["phase"]).FirstOrDefault();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Node(string name) => new JsonObject
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Node",
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["annotations"] = new JsonObject { ["kwok.x-k8s.io/node"] = "fake" },
            ["labels"] = new JsonObject { ["kubernetes.io/hostname"] = name },
        },
    }.ToJsonString();

    private const string DaemonSet = """
        {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"bench-agent"},
         "spec":{"selector":{"matchLabels":{"app":"bench-agent"}},
                 "template":{"metadata":{"labels":{"app":"bench-agent"}},"spec":{"containers":[{"name":"agent","image":"agent:1"}]}}}}
        """;
}
