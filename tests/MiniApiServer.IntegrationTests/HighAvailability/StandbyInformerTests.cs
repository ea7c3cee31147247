using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using k8s;
using MiniApiServer.IntegrationTests.DaemonSets;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.HighAvailability;

/// <summary>
/// A replica that leads no component runs only the RBAC informers (its authorizer reads them); the others start
/// when it wins a lease, as kube-controller-manager starts its informers in OnStartedLeading
/// (cmd/kube-controller-manager/app/controllermanager.go). The standby that takes over lists them and acts on
/// objects written while it stood by.
/// </summary>
public sealed class StandbyInformerTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private const int RbacInformers = 4;
    private static readonly string[] Leases = ["kube-controller-manager", "kube-scheduler", "miniapiserver-simulated-kubelet"];

    [Fact]
    public async Task AStandbyRunsOnlyRbacInformers_AndStartsTheRestWhenItTakesOver()
    {
        var db = postgres.NewDatabase();
        using var leader = await ServerProcess.StartAsync(db, 0, "--LeaderElection:Identity", "first");
        using var leaderHttp = new HttpClient { BaseAddress = leader.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        foreach (var lease in Leases)
        {
            await Eventually.True(async () => await HolderAsync(leaderHttp, lease) == "first", TimeSpan.FromSeconds(30), $"first holds {lease}");
        }
        using var standby = await ServerProcess.StartAsync(db, 0, "--LeaderElection:Identity", "second");
        using var standbyHttp = new HttpClient { BaseAddress = standby.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

        var leading = await InformersRunningAsync(leaderHttp);
        Assert.True(leading > RbacInformers, $"the leader runs {leading} informers");
        Assert.Equal(RbacInformers, await InformersRunningAsync(standbyHttp));

        // Written while the second replica stands by: a DaemonSet, and a node for it.
        Assert.Equal(HttpStatusCode.Created, (await leaderHttp.PostAsJsonAsync("/apis/apps/v1/namespaces/default/daemonsets", DaemonSet())).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await leaderHttp.PostAsync("/api/v1/nodes", Node("before"))).StatusCode);
        await Eventually.True(async () => (await PodsOnAsync(standbyHttp, "before")) == 1, TimeSpan.FromSeconds(30), "the leader's daemon pod on the first node");
        Assert.Equal(RbacInformers, await InformersRunningAsync(standbyHttp));

        leader.Kill();
        foreach (var lease in Leases)
        {
            await Eventually.True(async () => await HolderAsync(standbyHttp, lease) == "second", TimeSpan.FromSeconds(40), $"second takes {lease}");
        }
        await Eventually.True(async () => await InformersRunningAsync(standbyHttp) == leading, TimeSpan.FromSeconds(30), "the new leader runs every informer");
        Assert.Equal(HttpStatusCode.Created, (await standbyHttp.PostAsync("/api/v1/nodes", Node("after"))).StatusCode);
        await Eventually.True(async () => (await PodsOnAsync(standbyHttp, "after")) == 1, TimeSpan.FromSeconds(30), "a daemon pod on the node that joined after the takeover");
        Assert.Equal(1, await PodsOnAsync(standbyHttp, "before"));
    }

    private static async Task<double> InformersRunningAsync(HttpClient http)
    {
        var metrics = await http.GetStringAsync("/metrics");
        var line = metrics.Split('\n').Single(l => l.StartsWith("controller_informers_running ", StringComparison.Ordinal));
        return double.Parse(line["controller_informers_running ".Length..], CultureInfo.InvariantCulture);
    }

    private static async Task<string?> HolderAsync(HttpClient http, string lease)
    {
        var response = await http.GetAsync($"/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/{lease}");
        return response.StatusCode == HttpStatusCode.OK ? (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["spec"]?["holderIdentity"] : null;
    }

    /// <summary>Daemon pods aimed at <paramref name="node"/>, read from the node affinity the DaemonSet controller sets.</summary>
    private static async Task<int> PodsOnAsync(HttpClient http, string node)
    {
        var list = JsonNode.Parse(await http.GetStringAsync("/api/v1/namespaces/default/pods?labelSelector=app%3Dstandby-agent"))!;
        return list["items"]!.AsArray().Count(p =>
            (string?)p!["spec"]?["affinity"]?["nodeAffinity"]?["requiredDuringSchedulingIgnoredDuringExecution"]?["nodeSelectorTerms"]?[0]?["matchFields"]?[0]?["values"]?[0] == node);
    }

    private static StringContent Node(string name) =>
        new(KubernetesJson.Serialize(DaemonSetKit.FakeNode(name, new Dictionary<string, string> { ["kubernetes.io/hostname"] = name })), System.Text.Encoding.UTF8, "application/json");

    private static JsonObject DaemonSet() => JsonNode.Parse("""
        {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"standby-agent"},
         "spec":{"selector":{"matchLabels":{"app":"standby-agent"}},
                 "template":{"metadata":{"labels":{"app":"standby-agent"}},"spec":{"containers":[{"name":"agent","image":"agent:1"}]}}}}
        """)!.AsObject();
}
