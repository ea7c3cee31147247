using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Api;

/// <summary>
/// rest.go checkName on a PUT's body and on a PATCH's result (handlers/update.go, handlers/patch.go applyPatch): an
/// object without a name fails ContextBasedNaming.ObjectName, so the write is a 400 and the stored object stays. Before,
/// a missing name was read as the URL's: `{"$patch":"replace"}` emptied a ConfigMap, and a server-side apply created an
/// object under another name than the URL's.
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
        Assert.Equal($"the name of the object ({name} based on URL) was undeterminable: name must be provided", status["message"]!.GetValue<string>());
        var stored = JsonNode.Parse(await Server.Http.GetStringAsync($"{ConfigMaps}/{name}"))!;
        Assert.Equal("v", stored["data"]!["k"]!.GetValue<string>());
    }

    [Fact]
    public async Task AServerSideApplyCreate_MustNameTheObjectOnTheUrl()
    {
        var unnamed = await Apply("applied-1", """{"apiVersion":"v1","kind":"ConfigMap","data":{"k":"v"}}""");
        var other = await Apply("applied-2", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"elsewhere"},"data":{"k":"v"}}""");

        Assert.Equal((HttpStatusCode.BadRequest, "the name of the object (applied-1 based on URL) was undeterminable: name must be provided"), unnamed);
        Assert.Equal((HttpStatusCode.BadRequest, "the name of the object (elsewhere) does not match the name on the URL (applied-2)"), other);
        foreach (var name in new[] { "applied-1", "applied-2", "elsewhere" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await Server.Http.GetAsync($"{ConfigMaps}/{name}")).StatusCode);
        }
    }

    [Fact]
    public async Task AScaleWithoutAName_Is400_AndTheReplicasStay()
    {
        var deployment = """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"scaled"},"spec":{"replicas":1,
             "selector":{"matchLabels":{"app":"scaled"}},"template":{"metadata":{"labels":{"app":"scaled"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}
            """;
        Assert.Equal(HttpStatusCode.Created, (await Server.Http.PostAsync("/apis/apps/v1/namespaces/default/deployments", CrudOverHttpTests.Json(deployment))).StatusCode);

        var put = await Server.Http.PutAsync("/apis/apps/v1/namespaces/default/deployments/scaled/scale",
            CrudOverHttpTests.Json("""{"apiVersion":"autoscaling/v1","kind":"Scale","spec":{"replicas":3}}"""));

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("the name of the object (scaled based on URL) was undeterminable: name must be provided",
            JsonNode.Parse(await put.Content.ReadAsStringAsync())!["message"]!.GetValue<string>());
        var stored = JsonNode.Parse(await Server.Http.GetStringAsync("/apis/apps/v1/namespaces/default/deployments/scaled"))!;
        Assert.Equal(1, stored["spec"]!["replicas"]!.GetValue<int>());
    }

    /// <summary>
    /// handlers/update.go runs checkName right after decoding, before the registry's Update looks the object up or
    /// compares resourceVersions, so the name's 400 wins over the 404 of a missing object and the 409 of a stale write.
    /// </summary>
    [Fact]
    public async Task APutsNameCheck_ComesBeforeTheLookupAndTheResourceVersion()
    {
        var missing = "missing-" + Guid.NewGuid().ToString("N")[..8];
        var misnamed = await Server.Http.PutAsync($"{ConfigMaps}/{missing}", CrudOverHttpTests.Json("""{"metadata":{"name":"other"},"data":{"k":"v"}}"""));
        var unnamed = await Server.Http.PutAsync($"{ConfigMaps}/{missing}", CrudOverHttpTests.Json("""{"data":{"k":"v"}}"""));

        var name = "stale-" + Guid.NewGuid().ToString("N")[..8];
        Assert.Equal(HttpStatusCode.Created, (await Server.Http.PostAsync(ConfigMaps, CrudOverHttpTests.Json($$$"""{"metadata":{"name":"{{{name}}}"},"data":{"k":"v"}}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Server.Http.PutAsync($"{ConfigMaps}/{name}", CrudOverHttpTests.Json($$$"""{"metadata":{"name":"{{{name}}}"},"data":{"k":"v2"}}"""))).StatusCode);
        var stale = await Server.Http.PutAsync($"{ConfigMaps}/{name}", CrudOverHttpTests.Json("""{"metadata":{"name":"other","resourceVersion":"1"},"data":{"k":"v3"}}"""));

        Assert.Equal((HttpStatusCode.BadRequest, $"the name of the object (other) does not match the name on the URL ({missing})"), await Answer(misnamed));
        Assert.Equal((HttpStatusCode.BadRequest, $"the name of the object ({missing} based on URL) was undeterminable: name must be provided"), await Answer(unnamed));
        Assert.Equal((HttpStatusCode.BadRequest, $"the name of the object (other) does not match the name on the URL ({name})"), await Answer(stale));
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Http.GetAsync($"{ConfigMaps}/{missing}")).StatusCode);
        Assert.Equal("v2", JsonNode.Parse(await Server.Http.GetStringAsync($"{ConfigMaps}/{name}"))!["data"]!["k"]!.GetValue<string>());
    }

    private static async Task<(HttpStatusCode, string?)> Answer(HttpResponseMessage resp) =>
        (resp.StatusCode, JsonNode.Parse(await resp.Content.ReadAsStringAsync())?["message"]?.GetValue<string>());

    private async Task<(HttpStatusCode, string?)> Apply(string name, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"{ConfigMaps}/{name}?fieldManager=test")
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/apply-patch+yaml")),
        };
        return await Answer(await Server.Http.SendAsync(request));
    }
}
