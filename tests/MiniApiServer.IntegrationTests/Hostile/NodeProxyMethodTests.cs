using System.Net;
using k8s;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Hostile;

/// <summary>
/// nodes/proxy takes every method of pkg/registry/core/node/rest/proxy.go's proxyMethods (GET, POST, PUT, PATCH,
/// DELETE, HEAD, OPTIONS) and hands it to the kubelet, whose routes answer: /healthz takes any method, /pods is a
/// go-restful GET route (its plain 405 otherwise). Before, everything but GET was the API server's own 405.
/// </summary>
public sealed class NodeProxyMethodTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start(nodes: 1);

    [Fact]
    public async Task HeadOfHealthz_IsTheKubeletsOk_WithoutABody()
    {
        var node = await ReadyNodeAsync();

        using var response = await Server.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/api/v1/nodes/{node}/proxy/healthz"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task PostOfHealthz_IsOk_AndPutOfPods_IsGoRestfuls405()
    {
        var node = await ReadyNodeAsync();

        using var healthz = await Server.Http.PostAsync($"/api/v1/nodes/{node}/proxy/healthz", new StringContent(""));
        using var pods = await Server.Http.PutAsync($"/api/v1/nodes/{node}/proxy/pods", new StringContent(""));

        Assert.Equal((HttpStatusCode.OK, "ok"), (healthz.StatusCode, await healthz.Content.ReadAsStringAsync()));
        Assert.Equal((HttpStatusCode.MethodNotAllowed, "405: Method Not Allowed"), (pods.StatusCode, await pods.Content.ReadAsStringAsync()));
    }

    private async Task<string> ReadyNodeAsync()
    {
        var node = (await Client.CoreV1.ListNodeAsync()).Items.Select(n => n.Metadata.Name).Order(StringComparer.Ordinal).First();
        await Eventually.True(async () => (await Server.Http.GetAsync($"/api/v1/nodes/{node}/proxy/healthz")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(30), $"{node}'s kubelet listening");
        return node;
    }
}
