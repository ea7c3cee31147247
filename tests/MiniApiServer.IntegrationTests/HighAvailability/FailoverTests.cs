using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace MiniApiServer.IntegrationTests.HighAvailability;

/// <summary>
/// Three replicas on one real PostgreSQL. Controllers run only where their Lease is held (15 s lease,
/// 10 s renew deadline, 2 s retry, as kube-controller-manager); killing the leader hands the lease to
/// another replica, and the DaemonSet controller there finishes the job without ever doubling a pod.
/// </summary>
public sealed class FailoverTests(PostgresServer postgres, ITestOutputHelper output) : IClassFixture<PostgresServer>
{
    private const string Pods = "/api/v1/namespaces/default/pods";

    [Fact]
    public async Task KillTheLeaderUnderNodeJoins_AnotherReplicaTakesOver_EveryNodeGetsExactlyOneDaemonPod()
    {
        var db = postgres.NewDatabase();
        var replicas = new List<ServerProcess>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                replicas.Add(await ServerProcess.StartAsync(db, 0, "--LeaderElection:Identity", $"replica-{i}"));
            }
            var http = replicas.Select(r => new HttpClient { BaseAddress = r.BaseAddress, Timeout = TimeSpan.FromSeconds(10) }).ToList();
            var leader = await HolderAsync(http[0], "kube-controller-manager");
            var leaderIndex = int.Parse(leader["replica-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            var observer = http[(leaderIndex + 1) % 3];

            // Every pod ADDED for the DaemonSet, as seen by a replica that is never killed.
            var added = new ConcurrentDictionary<string, ConcurrentBag<string>>();
            using var stopWatching = new CancellationTokenSource();
            var list = JsonNode.Parse(await observer.GetStringAsync(Pods))!;
            var watching = WatchPodsAsync(observer, (string)list["metadata"]!["resourceVersion"]!, added, stopWatching.Token);

            Assert.Equal(HttpStatusCode.Created, (await http[0].PostAsJsonAsync("/apis/apps/v1/namespaces/default/daemonsets", DaemonSet())).StatusCode);
            var nodes = new List<string>();
            for (var n = 0; n < 4; n++)
            {
                nodes.Add(await JoinNodeAsync(http[n % 3], $"before-{n}"));
            }
            replicas[leaderIndex].Kill();
            var survivors = http.Where((_, i) => i != leaderIndex).ToList();
            var killedAt = DateTime.UtcNow;
            for (var n = 0; n < 6; n++)
            {
                nodes.Add(await JoinNodeAsync(survivors[n % 2], $"after-{n}"));
            }

            var newLeader = await Eventually.Get(() => HolderAsync(observer, "kube-controller-manager"), h => h != leader, TimeSpan.FromSeconds(20), "a new lease holder");
            var takeover = DateTime.UtcNow - killedAt;
            output.WriteLine($"kube-controller-manager lease: {leader} killed, {newLeader} holds it {takeover.TotalSeconds:0.0} s later");
            Assert.True(takeover < TimeSpan.FromSeconds(25), $"lease taken over after {takeover}");
            Assert.NotEqual(leader, newLeader);

            await Eventually.True(() => Task.FromResult(nodes.All(n => added.TryGetValue(n, out var p) && !p.IsEmpty)), TimeSpan.FromSeconds(60), "a daemon pod on every joined node");
            // Settle: any duplicate the old and new leader could make would have appeared by now.
            var pods = await Eventually.Get(async () => JsonNode.Parse(await observer.GetStringAsync(Pods + "?labelSelector=app%3Dha-agent"))!["items"]!.AsArray(),
                items => items.Count == nodes.Count, TimeSpan.FromSeconds(30), "one pod per node");
            await stopWatching.CancelAsync();
            await watching;
            Assert.All(nodes, n => Assert.Single(added[n]));
            Assert.Equal(nodes.Count, pods.Count);
        }
        finally
        {
            foreach (var r in replicas)
            {
                r.Dispose();
            }
        }
    }

    private static async Task<string> HolderAsync(HttpClient http, string lease)
    {
        var body = await Eventually.Get(async () => JsonNode.Parse(await http.GetStringAsync($"/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/{lease}"))!,
            l => !string.IsNullOrEmpty((string?)l["spec"]?["holderIdentity"]), TimeSpan.FromSeconds(30), $"{lease} held");
        return (string)body["spec"]!["holderIdentity"]!;
    }

    private static async Task<string> JoinNodeAsync(HttpClient http, string name)
    {
        var node = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["annotations"] = new JsonObject { ["kwok.x-k8s.io/node"] = "fake" },
                ["labels"] = new JsonObject { ["kubernetes.io/hostname"] = name },
            },
        };
        var response = await http.PostAsJsonAsync("/api/v1/nodes", node);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return name;
    }

    /// <summary>The daemon pods' target node, read from the required node affinity the controller sets (not from production code).</summary>
    private static string? TargetNode(JsonNode pod) =>
        (string?)pod["spec"]?["affinity"]?["nodeAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"]?["nodeSelectorTerms"]?[0]?["matchFields"]?[0]?["values"]?[0]
        ?? (string?)pod["spec"]?["nodeName"];

    private static async Task WatchPodsAsync(HttpClient http, string from, ConcurrentDictionary<string, ConcurrentBag<string>> added, CancellationToken ct)
    {
        var rv = from;
        using var client = new HttpClient { BaseAddress = http.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var response = await client.GetAsync($"{Pods}?watch=1&labelSelector=app%3Dha-agent&resourceVersion={rv}", HttpCompletionOption.ResponseHeadersRead, ct);
                using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
                while (await reader.ReadLineAsync(ct) is { } line)
                {
                    var e = JsonNode.Parse(line)!;
                    var obj = e["object"]!;
                    rv = (string?)obj["metadata"]?["resourceVersion"] ?? rv;
                    if ((string?)e["type"] == "ADDED" && TargetNode(obj) is { } node)
                    {
                        added.GetOrAdd(node, _ => []).Add((string)obj["metadata"]!["name"]!);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (HttpRequestException)
            {
                // The stream broke; resume from the last resourceVersion.
            }
        }
    }

    private static JsonObject DaemonSet() => JsonNode.Parse("""
        {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"ha-agent"},
         "spec":{"selector":{"matchLabels":{"app":"ha-agent"}},
                 "template":{"metadata":{"labels":{"app":"ha-agent"}},"spec":{"containers":[{"name":"agent","image":"agent:1"}]}}}}
        """)!.AsObject();
}
