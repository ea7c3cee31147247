using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Networking.NetworkingKit;

namespace MiniApiServer.IntegrationTests.Networking;

/// <summary>
/// Ingresses over HTTP as pkg/registry/networking/ingress/strategy.go keeps them: an empty status and generation 1 on
/// create, the generation bumped by spec changes only, the status written only through /status, listed and watched.
/// </summary>
public sealed class IngressTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task Create_StoresAnEmptyStatusAtGenerationOne_GetListAndWatchSeeIt()
    {
        var list = await Server.Http.GetJsonAsync(Ingresses);
        var since = list.Str("metadata", "resourceVersion");
        var manifest = Ingress("web", RuleSpec("web.example.com", "/", "Prefix")).Replace("\"spec\":", "\"status\":{\"loadBalancer\":{\"ingress\":[{\"ip\":\"1.2.3.4\"}]}},\"spec\":", StringComparison.Ordinal);

        var created = await Server.Http.CreateAsync(Ingresses, manifest);

        Assert.Equal("""{"loadBalancer":{}}""", created["status"]!.ToJsonString());
        Assert.Equal(1, created["metadata"]!["generation"]!.GetValue<int>());
        Assert.Equal("web.example.com", (await Server.Http.GetJsonAsync($"{Ingresses}/web"))!["spec"]!["rules"]![0].Str("host"));
        Assert.Equal(["web"], (await Server.Http.ListItemsAsync(Ingresses)).Select(i => i.Str("metadata", "name")));
        var added = await Server.Http.FirstWatchEventAsync($"{Ingresses}?watch=true&resourceVersion={since}");
        Assert.Equal("ADDED", added.Str("type"));
        Assert.Equal("web", added.Str("object", "metadata", "name"));
    }

    [Fact]
    public async Task StatusSubresource_WritesOnlyTheStatus_AndTheMainResourceKeepsIt()
    {
        await Server.Http.CreateAsync(Ingresses, Ingress("web", RuleSpec("web.example.com", "/", "Prefix")));
        var current = (await Server.Http.GetJsonAsync($"{Ingresses}/web"))!;
        current["status"] = JsonNode.Parse("""{"loadBalancer":{"ingress":[{"ip":"172.18.0.5"}]}}""");
        current["spec"]!["rules"]![0]!["host"] = "changed.example.com";

        var (code, body) = await Server.Http.SendJsonAsync(HttpMethod.Put, $"{Ingresses}/web/status", current.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("172.18.0.5", body["status"]!["loadBalancer"]!["ingress"]![0].Str("ip"));
        Assert.Equal("web.example.com", body["spec"]!["rules"]![0].Str("host"));
        Assert.Equal(1, body["metadata"]!["generation"]!.GetValue<int>());

        var patched = await Server.Http.MergePatchAsync($"{Ingresses}/web", """{"spec":{"rules":[{"host":"new.example.com","http":{"paths":[{"path":"/","pathType":"Prefix","backend":{"service":{"name":"web","port":{"number":80}}}}]}}]},"status":{"loadBalancer":{"ingress":[{"ip":"9.9.9.9"}]}}}""");
        Assert.Equal(2, patched["metadata"]!["generation"]!.GetValue<int>());
        Assert.Equal("172.18.0.5", patched["status"]!["loadBalancer"]!["ingress"]![0].Str("ip"));
    }

    [Fact]
    public async Task StatusWithAnAddressThatIsNoIp_Is422()
    {
        await Server.Http.CreateAsync(Ingresses, Ingress("web", RuleSpec("web.example.com", "/", "Prefix")));

        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{Ingresses}/web/status",
            """{"status":{"loadBalancer":{"ingress":[{"ip":"not-an-ip"},{"hostname":"10.0.0.1"}]}}}""", "application/merge-patch+json");

        Assert.Equal("Ingress.networking.k8s.io \"web\" is invalid: [status.loadBalancer.ingress[0].ip: Invalid value: \"not-an-ip\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff), "
            + "status.loadBalancer.ingress[1].hostname: Invalid value: \"10.0.0.1\": must be a DNS name, not an IP address]", message);
    }
}
