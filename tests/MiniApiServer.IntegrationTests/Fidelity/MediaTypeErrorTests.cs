using System.Net;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>
/// 415s as upstream words them: a create or update body no serializer reads gets negotiation's message
/// (NegotiateInputSerializerForMediaType), a PATCH that is no patch type go-restful's (the route's Consumes).
/// </summary>
public sealed class MediaTypeErrorTests : ServerTest
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task BodiesOfUnknownTypes_AreRefusedInUpstreamsWords()
    {
        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Post, ConfigMaps, """{"metadata":{"name":"t"}}""", "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, code);
        Assert.Equal("the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf",
            status.Str("message"));

        await Server.Http.CreateAsync(ConfigMaps, """{"metadata":{"name":"p"}}""");
        (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Patch, ConfigMaps + "/p", """{"data":{"a":"b"}}""", "application/json");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, code);
        Assert.Equal(("UnsupportedMediaType", "415: Unsupported Media Type"), (status.Str("reason"), status.Str("message")));
    }
}
