using System.Net;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Hostile;

/// <summary>
/// A %00 in the path is the one refusal that cannot be a Status. Kestrel decodes the request target while it parses the
/// request line (UrlDecoder: "The path contains null characters."), throws a BadHttpRequestException there, and its
/// connection loop writes its own bodiless 400 (HttpProtocol.TryProduceInvalidRequestResponse) without ever calling the
/// application, so no middleware, exception handler or IBadRequestExceptionFeature reader sees the request. Only a
/// connection middleware rewriting raw HTTP/1.1 bytes (and HPACK-decoding HTTP/2) could, which is no place for a fix.
/// kube-apiserver would route the name "a\x00b" and answer its 404; both refuse and store nothing.
/// </summary>
public sealed class NulInPathTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task ANulInThePath_IsKestrelsBodiless400_AndTheServerServesOn()
    {
        var uri = new Uri(Server.BaseAddress + "api/v1/namespaces/default/configmaps/a%00b",
            new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });

        using var response = await Server.Http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, uri));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, (await Server.Http.GetAsync("/readyz")).StatusCode);
    }
}
