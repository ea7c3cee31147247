using System.Net;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Components;

/// <summary>core/v1 componentstatuses (pkg/registry/core/componentstatus): read-only, deprecated with a warning, printed as printComponentStatus prints it.</summary>
public sealed class ComponentStatusTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task List_NamesTheInProcessComponents_Healthy_WithTheDeprecationWarning()
    {
        using var response = await Server.Http.GetAsync("/api/v1/componentstatuses");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["299 - \"v1 ComponentStatus is deprecated in v1.19+\""], response.Headers.GetValues("Warning"));
        var list = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("ComponentStatusList", list.Str("kind"));
        var items = list!["items"]!.AsArray();
        Assert.Equal(["controller-manager", "scheduler"], items.Select(i => i.Str("metadata", "name")));
        Assert.All(items, i => Assert.Equal(("Healthy", "True", "ok"), (i!["conditions"]![0].Str("type"), i!["conditions"]![0].Str("status"), i["conditions"]![0].Str("message"))));
    }

    [Fact]
    public async Task Writes_AreNotServed_AndAMissingComponentIs404()
    {
        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Get, "/api/v1/componentstatuses/etcd-0");
        Assert.Equal((HttpStatusCode.NotFound, "componentstatuses \"etcd-0\" not found"), (code, status.Str("message")));
        using var post = await Server.Http.PostAsync("/api/v1/componentstatuses",
            new StringContent("""{"metadata":{"name":"x"}}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        var discovery = await Server.Http.GetJsonAsync("/api/v1");
        var entry = discovery!["resources"]!.AsArray().Single(r => r.Str("name") == "componentstatuses");
        Assert.Equal(("ComponentStatus", "cs", "get,list"), (entry.Str("kind"), entry!["shortNames"]![0]!.GetValue<string>(), string.Join(',', entry["verbs"]!.AsArray().Select(v => v!.GetValue<string>()))));
    }

    [KubectlFact]
    public async Task KubectlGetCs_PrintsTheTable()
    {
        var (code, stdout, stderr) = await Kubectl.RunAsync("get", "cs");

        Assert.Equal(0, code);
        Assert.Equal("Warning: v1 ComponentStatus is deprecated in v1.19+\n", stderr);
        Assert.Matches(@"^NAME\s+STATUS\s+MESSAGE\s+ERROR\n", stdout);
        Assert.Matches(@"(?m)^controller-manager\s+Healthy\s+ok\s*$", stdout);
        Assert.Matches(@"(?m)^scheduler\s+Healthy\s+ok\s*$", stdout);
    }
}
