using System.Net;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Hostile;

/// <summary>
/// kube-apiserver reads up to 1 MiB of request line and headers (staging/src/k8s.io/apiserver/pkg/server/secure_serving.go,
/// MaxHeaderBytes: 1 &lt;&lt; 20). Kestrel's defaults refused an 8 KiB request line (a label selector of some hundreds of
/// values) with a bare 414 and 32 KiB of headers with a bare 431.
/// </summary>
public sealed class LongRequestLineTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task ALabelSelectorOfThreeThousandValues_IsServed()
    {
        await Server.Http.CreateAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"picked","labels":{"app":"v2999"}}}""");
        var values = string.Join(",", Enumerable.Range(0, 3000).Select(i => $"v{i}"));

        var items = await Server.Http.ListItemsAsync($"/api/v1/namespaces/default/configmaps?labelSelector=app%20in%20({values})");

        Assert.Equal(["picked"], items.Select(i => i.Str("metadata", "name")));
    }

    [Fact]
    public async Task AHeaderOf100KB_IsServed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces/default/configmaps/kube-root-ca.crt");
        request.Headers.Add("X-Padding", new string('a', 100_000));

        using var response = await Server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
