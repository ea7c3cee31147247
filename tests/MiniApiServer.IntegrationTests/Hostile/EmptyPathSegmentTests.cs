using System.Net;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Hostile;

/// <summary>
/// An empty segment inside a resource path names nothing: requestinfo.go's splitPath trims slashes at the ends only, and
/// go-restful matches the segments between as sent, so DELETE /api/v1/namespaces/team//configmaps is a 404 upstream.
/// The empty segment was dropped here, and the request deleted every ConfigMap of "team". Slashes at the end are trimmed
/// as upstream trims them (a DELETE of .../configmaps/ is the collection's, there as here).
/// </summary>
public sealed class EmptyPathSegmentTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Theory]
    [InlineData("/api/v1/namespaces/team//configmaps")]
    [InlineData("/api/v1//namespaces/team/configmaps")]
    [InlineData("/api/v1/namespaces//team/configmaps")]
    public async Task ADeleteWithAnEmptySegment_Is404_AndDeletesNothing(string path)
    {
        await Server.Http.CreateAsync("/api/v1/namespaces", """{"metadata":{"name":"team"}}""");
        await Server.Http.CreateAsync("/api/v1/namespaces/team/configmaps", """{"metadata":{"name":"keep"}}""");

        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Delete, path);

        Assert.Equal((HttpStatusCode.NotFound, "NotFound"), (code, status.Str("reason")));
        Assert.Equal(HttpStatusCode.OK, (await Server.Http.GetAsync("/api/v1/namespaces/team/configmaps/keep")).StatusCode);
    }
}
