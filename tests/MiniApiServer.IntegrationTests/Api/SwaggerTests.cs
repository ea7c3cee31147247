using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Api;

/// <summary>
/// Swagger UI serves the Kubernetes OpenAPI documents, and a "Try it out" request built from the document
/// (its path template, method and request body type) creates and lists DaemonSets.
/// </summary>
public sealed class SwaggerTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task SwaggerUi_ListsEveryGroupVersionDocument()
    {
        var page = await Server.Http.GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("swagger-ui", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var config = await Server.Http.GetStringAsync("/swagger/index.js");
        foreach (var gv in new[] { "api/v1", "apis/apps/v1", "apis/coordination.k8s.io/v1" })
        {
            Assert.Contains($"/openapi/v3/{gv}", config, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TryItOut_CreateAndListDaemonSets_FromTheDocument()
    {
        var doc = JsonNode.Parse(await Server.Http.GetStringAsync("/openapi/v3/apis/apps/v1"))!;
        var collection = "/apis/apps/v1/namespaces/{namespace}/daemonsets";
        var post = doc["paths"]![collection]!["post"]!;
        Assert.Equal("createAppsV1NamespacedDaemonSet", post["operationId"]!.GetValue<string>());
        // Upstream documents request bodies as */*; Swagger UI then sends JSON.
        Assert.NotNull(post["requestBody"]!["content"]!["*/*"]);
        var url = collection.Replace("{namespace}", "default", StringComparison.Ordinal);
        var created = await Server.Http.PostAsync(url, new StringContent(CrudOverHttpTests.DaemonSet, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.NotNull(doc["paths"]![collection]!["get"]);
        var list = JsonNode.Parse(await Server.Http.GetStringAsync(url))!;
        Assert.Equal("DaemonSetList", list["kind"]!.GetValue<string>());
        Assert.Equal("monitoring-daemon", list["items"]![0]!["metadata"]!["name"]!.GetValue<string>());
    }
}
