using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Replication;

/// <summary>core/v1 PodTemplates over HTTP: CRUD, defaults, generation, validation as every pod template's, Table and watch.</summary>
public sealed class PodTemplateTests : ServerTest
{
    private const string Templates = "/api/v1/namespaces/default/podtemplates";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private const string Template = """
        {"apiVersion":"v1","kind":"PodTemplate","metadata":{"name":"pt"},
         "template":{"metadata":{"labels":{"app":"x","tier":"web"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}
        """;

    [Fact]
    public async Task Crud_DefaultsTheSpec_AndTemplateChangesBumpGeneration()
    {
        var created = await Server.Http.CreateAsync(Templates, Template);
        Assert.Equal(1, created["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal("Always", created.Str("template", "spec", "restartPolicy"));
        Assert.Equal("ClusterFirst", created.Str("template", "spec", "dnsPolicy"));
        Assert.Equal("Always", created["template"]!["spec"]!["containers"]![0].Str("imagePullPolicy"));

        var patched = await Server.Http.MergePatchAsync($"{Templates}/pt", """{"metadata":{"annotations":{"a":"b"}}}""");
        Assert.Equal(1, patched["metadata"]!["generation"]!.GetValue<long>());
        patched = await Server.Http.MergePatchAsync($"{Templates}/pt", """{"template":{"metadata":{"labels":{"tier":"api"}}}}""");
        Assert.Equal(2, patched["metadata"]!["generation"]!.GetValue<long>());

        Assert.Equal("pt", Assert.Single(await Server.Http.ListItemsAsync(Templates)).Str("metadata", "name"));
        Assert.Equal(HttpStatusCode.OK, await Server.Http.DeleteJsonAsync($"{Templates}/pt"));
        Assert.Null(await Server.Http.GetJsonAsync($"{Templates}/pt"));
    }

    [Fact]
    public async Task Validation_IsThePodTemplatesUnderTemplate()
    {
        Assert.Equal("PodTemplate \"bad\" is invalid: template.spec.containers: Required value",
            await Server.Http.InvalidMessageAsync(HttpMethod.Post, Templates, """{"apiVersion":"v1","kind":"PodTemplate","metadata":{"name":"bad"},"template":{}}"""));
        var ephemeral = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Templates, """
            {"apiVersion":"v1","kind":"PodTemplate","metadata":{"name":"bad"},"template":{"spec":{"containers":[{"name":"c","image":"nginx"}],
             "ephemeralContainers":[{"name":"debug","image":"busybox"}]}}}
            """);
        Assert.Contains("template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template", ephemeral, StringComparison.Ordinal);
        Assert.StartsWith("PodTemplate \"bad\" is invalid: template.labels: Invalid value: \"-x\": a valid label must be an empty string",
            await Server.Http.InvalidMessageAsync(HttpMethod.Post, Templates, """
                {"apiVersion":"v1","kind":"PodTemplate","metadata":{"name":"bad"},"template":{"metadata":{"labels":{"app":"-x"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}
                """), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Table_AndWatch()
    {
        await Server.Http.CreateAsync(Templates, Template);
        using var request = new HttpRequestMessage(HttpMethod.Get, Templates);
        request.Headers.Accept.ParseAdd("application/json;as=Table;v=v1;g=meta.k8s.io");
        using var response = await Server.Http.SendAsync(request);
        var table = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(["Name", "Containers", "Images", "Pod Labels"], table["columnDefinitions"]!.AsArray().Select(c => c.Str("name")));
        Assert.Equal(["pt", "c", "nginx", "app=x,tier=web"], table["rows"]![0]!["cells"]!.AsArray().Select(c => c!.GetValue<string>()));

        var added = await Server.Http.FirstWatchEventAsync($"{Templates}?watch=1");
        Assert.Equal("ADDED", added.Str("type"));
        Assert.Equal("pt", added.Str("object", "metadata", "name"));
    }
}
