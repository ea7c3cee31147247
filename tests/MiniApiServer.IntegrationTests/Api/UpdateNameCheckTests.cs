using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Api;

/// <summary>
/// rest.go checkName on a PUT's body and on a PATCH's result (handlers/update.go, handlers/patch.go applyPatch): an
/// object without a name does not name the one on the URL, so the write is a 400 and the stored object stays. Before,
/// a missing name was read as the URL's: `{"$patch":"replace"}` emptied a ConfigMap.
/// </summary>
public sealed class UpdateNameCheckTests : ServerTest
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    public static TheoryData<string, string, string> Writes => new()
    {
        { "PUT", "application/json", """{"metadata":null,"data":{"k":"changed"}}""" },
        { "PUT", "application/json", """{"apiVersion":"v1","kind":"ConfigMap","data":{"k":"changed"}}""" },
        { "PATCH", "application/json-patch+json", """[{"op":"remove","path":"/metadata/name"}]""" },
        { "PATCH", "application/merge-patch+json", """{"metadata":{"name":null}}""" },
        { "PATCH", "application/strategic-merge-patch+json", """{"$patch":"replace"}""" },
    };

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task AWriteWhoseObjectHasNoName_Is400_AndTheStoredObjectStays(string method, string contentType, string body)
    {
        var name = "named-" + Guid.NewGuid().ToString("N")[..8];
        var created = await Server.Http.PostAsync(ConfigMaps, CrudOverHttpTests.Json($$$"""{"metadata":{"name":"{{{name}}}"},"data":{"k":"v"}}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var request = new HttpRequestMessage(new HttpMethod(method), $"{ConfigMaps}/{name}")
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue(contentType)),
        };
        var resp = await Server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, resp.StatusCode);
        var status = JsonNode.Parse(await resp.Content.ReadAsStringAsync())!;
        Assert.Equal($"the name of the object () does not match the name on the URL ({name})", status["message"]!.GetValue<string>());
        var stored = JsonNode.Parse(await Server.Http.GetStringAsync($"{ConfigMaps}/{name}"))!;
        Assert.Equal("v", stored["data"]!["k"]!.GetValue<string>());
    }
}
