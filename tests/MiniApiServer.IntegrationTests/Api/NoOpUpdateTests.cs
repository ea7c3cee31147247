using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Api;

/// <summary>
/// A write that leaves a pod as it is keeps its resourceVersion, as etcd3's GuaranteedUpdate skips storing the same
/// bytes: a merge patch restating a label, a PUT of what GET returned. Values the encoder escapes are in the object so
/// that an encoding that differs from the stored one would show as a write.
/// </summary>
public sealed class NoOpUpdateTests : ServerTest
{
    private const string Pod = "/api/v1/namespaces/default/pods/same";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task RestatingWrites_KeepTheResourceVersion_AChangeDoesNot()
    {
        var created = await Server.Http.CreateAsync("/api/v1/namespaces/default/pods", """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"same","labels":{"tier":"web"},"annotations":{"note":"café <ok> a+b ✓ \u0007"}},
             "spec":{"schedulerName":"elsewhere","containers":[{"name":"c","image":"nginx","env":[{"name":"X","value":"1&2"}]}]}}
            """);
        var rv = created.Str("metadata", "resourceVersion");

        using (var patched = await Send(HttpMethod.Patch, """{"metadata":{"labels":{"tier":"web"}}}""", "application/merge-patch+json"))
        {
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
            Assert.Equal(rv, (await Body(patched)).Str("metadata", "resourceVersion"));
        }
        var current = (await Server.Http.GetJsonAsync(Pod))!.ToJsonString();
        using (var replaced = await Send(HttpMethod.Put, current, "application/json"))
        {
            Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
            Assert.Equal(rv, (await Body(replaced)).Str("metadata", "resourceVersion"));
        }
        using (var changed = await Send(HttpMethod.Patch, """{"metadata":{"labels":{"tier":"db"}}}""", "application/merge-patch+json"))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            var body = await Body(changed);
            Assert.NotEqual(rv, body.Str("metadata", "resourceVersion"));
            Assert.Equal("db", body.Str("metadata", "labels", "tier"));
            Assert.Equal("café <ok> a+b ✓ \u0007", body.Str("metadata", "annotations", "note"));
        }
    }

    private Task<HttpResponseMessage> Send(HttpMethod method, string body, string contentType) =>
        Server.Http.SendAsync(new HttpRequestMessage(method, Pod) { Content = new StringContent(body, Encoding.UTF8, contentType) });

    private static async Task<JsonNode> Body(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
}
