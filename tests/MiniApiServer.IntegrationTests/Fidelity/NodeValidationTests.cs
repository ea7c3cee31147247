using System.Net;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>
/// pkg/apis/core/validation ValidateNode(Update) for the spec, over HTTP: taints the scheduler, the DaemonSet controller
/// and taint eviction can read, pod CIDRs that parse and do not change once set. Expected messages are upstream's.
/// </summary>
public sealed class NodeValidationTests : ServerTest
{
    private const string Nodes = "/api/v1/nodes";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private async Task<(HttpStatusCode Code, string Message)> SendAsync(HttpMethod method, string path, string json, string type = "application/json")
    {
        var (code, body) = await Server.Http.SendJsonAsync(method, path, json, type);
        return (code, body.Str("message") ?? "");
    }

    [Fact]
    public async Task Taints_NeedAKnownEffect_AndOnePerKeyAndEffect()
    {
        Assert.Equal((HttpStatusCode.UnprocessableEntity,
                "Node \"n\" is invalid: [spec.taints[0].effect: Unsupported value: \"Sometimes\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\", "
                + "spec.taints[2]: Duplicate value: core.Taint{Key:\"gpu\", Value:\"b\", Effect:\"NoSchedule\", TimeAdded:(*v1.Time)(nil)}: taints must be unique by key and effect pair]"),
            await SendAsync(HttpMethod.Post, Nodes, """{"metadata":{"name":"n"},"spec":{"taints":[{"key":"a","effect":"Sometimes"},{"key":"gpu","value":"a","effect":"NoSchedule"},{"key":"gpu","value":"b","effect":"NoSchedule"}]}}"""));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "Node \"n\" is invalid: spec.taints[0].effect: Required value"),
            await SendAsync(HttpMethod.Post, Nodes, """{"metadata":{"name":"n"},"spec":{"taints":[{"key":"a"}]}}"""));
        Assert.Null(await Server.Http.GetJsonAsync($"{Nodes}/n"));

        // The same key with two effects is two taints.
        var node = await Server.Http.CreateAsync(Nodes, """{"metadata":{"name":"n"},"spec":{"taints":[{"key":"gpu","effect":"NoSchedule"},{"key":"gpu","effect":"NoExecute"}]}}""");
        Assert.Equal(3, node["spec"]!["taints"]!.AsArray().Count);
        Assert.Contains("spec.taints[0].effect: Unsupported value: \"Never\"",
            (await SendAsync(HttpMethod.Patch, $"{Nodes}/n", """{"spec":{"taints":[{"key":"x","effect":"Never"}]}}""", "application/merge-patch+json")).Message);
    }

    [Fact]
    public async Task PodCidrs_MustParse_AndStayOnceSet()
    {
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "Node \"c\" is invalid: spec.podCIDRs[0]: Invalid value: \"10.0.0.0/33\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"),
            await SendAsync(HttpMethod.Post, Nodes, """{"metadata":{"name":"c"},"spec":{"podCIDR":"10.0.0.0/33"}}"""));

        await Server.Http.CreateAsync(Nodes, """{"metadata":{"name":"c"}}""");
        // From none to one is allowed (what the node IPAM controller does); after that it stays.
        Assert.Equal("10.244.1.0/24", (await Server.Http.MergePatchAsync($"{Nodes}/c", """{"spec":{"podCIDR":"10.244.1.0/24","podCIDRs":["10.244.1.0/24"]}}""")).Str("spec", "podCIDR"));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "Node \"c\" is invalid: spec.podCIDRs: Forbidden: node updates may not change podCIDR except from \"\" to valid"),
            await SendAsync(HttpMethod.Patch, $"{Nodes}/c", """{"spec":{"podCIDR":"10.244.2.0/24","podCIDRs":["10.244.2.0/24"]}}""", "application/merge-patch+json"));
        Assert.Equal("10.244.1.0/24", (await Server.Http.GetJsonAsync($"{Nodes}/c")).Str("spec", "podCIDR"));
    }
}
