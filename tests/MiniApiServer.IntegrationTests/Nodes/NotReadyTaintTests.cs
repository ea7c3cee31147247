using System.Globalization;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Nodes;

/// <summary>TaintNodesByCondition: a node is born tainted not-ready and loses the taint once it reports Ready.</summary>
public sealed class NotReadyTaintTests : ServerTest
{
    private const string Pods = "/api/v1/namespaces/default/pods";

    protected override ApiServerHost StartServer() => ApiServerHost.Start(nodes: 0);

    private static bool HasNotReadyNoSchedule(JsonNode? node) =>
        node?["spec"]?["taints"]?.AsArray().Any(t => t.Str("key") == "node.kubernetes.io/not-ready" && t.Str("effect") == "NoSchedule") == true;

    private static JsonObject? PodScheduled(JsonObject? pod) =>
        pod?["status"]?["conditions"]?.AsArray().OfType<JsonObject>().FirstOrDefault(c => c.Str("type") == "PodScheduled");

    [Fact]
    public async Task NewNode_IsTaintedNotReady_PodsWait_UntilItReportsReady()
    {
        var created = await Server.Http.CreateAsync("/api/v1/nodes", """
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"fresh"},"spec":{"taints":[{"key":"team","value":"a","effect":"PreferNoSchedule"}]}}
            """);
        Assert.True(HasNotReadyNoSchedule(created), created.ToJsonString());
        Assert.Equal("team", created["spec"]!["taints"]![0].Str("key"));
        await Server.Http.MergePatchAsync("/api/v1/nodes/fresh/status", """
            {"status":{"allocatable":{"cpu":"4","memory":"8Gi","pods":"110"},"capacity":{"cpu":"4","memory":"8Gi","pods":"110"}}}
            """);
        await Server.Http.CreateAsync(Pods, """{"metadata":{"name":"web"},"spec":{"containers":[{"name":"c","image":"busybox"}]}}""");

        var waiting = await Eventually.Get(() => Server.Http.GetJsonAsync($"{Pods}/web"), p => PodScheduled(p).Str("status") == "False", what: "PodScheduled=False");
        Assert.StartsWith("0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }.", PodScheduled(waiting).Str("message"), StringComparison.Ordinal);
        Assert.True(HasNotReadyNoSchedule(await Server.Http.GetJsonAsync("/api/v1/nodes/fresh")));

        var now = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        await Server.Http.MergePatchAsync("/api/v1/nodes/fresh/status", $$$"""
            {"status":{"conditions":[{"type":"Ready","status":"True","reason":"KubeletReady","lastHeartbeatTime":"{{{now}}}","lastTransitionTime":"{{{now}}}"}]}}
            """);

        var ready = await Eventually.Get(() => Server.Http.GetJsonAsync("/api/v1/nodes/fresh"), n => !HasNotReadyNoSchedule(n), what: "not-ready taint lifted");
        Assert.Equal("team", ready!["spec"]!["taints"]![0].Str("key"));
        var bound = await Eventually.Get(() => Server.Http.GetJsonAsync($"{Pods}/web"), p => p.Str("spec", "nodeName") == "fresh", what: "web bound");
        Assert.Equal("True", PodScheduled(bound).Str("status"));
    }

    [Fact]
    public async Task NodeCreatedNotReady_GetsTheTaintOnce()
    {
        var created = await Server.Http.CreateAsync("/api/v1/nodes", """
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"pre"},"spec":{"taints":[{"key":"node.kubernetes.io/not-ready","effect":"NoSchedule"}]},
             "status":{"conditions":[{"type":"Ready","status":"False","reason":"KubeletNotReady"}]}}
            """);

        Assert.Single(created["spec"]!["taints"]!.AsArray());
        Assert.Equal("False", created["status"]!["conditions"]![0].Str("status"));
    }
}
