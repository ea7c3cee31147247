using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Objects;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Races;

/// <summary>
/// Controllers write through ResourceService.UpdateAsync without a resourceVersion; a lost race must be retried,
/// never surface as 409 (the garbage collector once dropped an orphaning this way). A JSON patch may still pin one.
/// </summary>
public sealed class InternalUpdateRaceTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task ConcurrentUnpinnedUpdates_AllApply()
    {
        var service = (ResourceService)Server.Services.GetService(typeof(ResourceService))!;
        var configMaps = service.Registry.Types.Single(t => t.Plural == "configmaps");
        await service.CreateAsync(configMaps, "default", new JsonObject { ["metadata"] = new JsonObject { ["name"] = "raced" } }, WriteOptions.Default);
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => service.UpdateAsync(configMaps, "default", "raced", obj =>
        {
            var meta = ObjectMeta.Of(obj);
            var labels = meta["labels"] as JsonObject ?? [];
            labels[$"writer-{i}"] = "yes";
            meta["labels"] = labels;
            return obj;
        }, statusOnly: false, WriteOptions.Default))));
        var labels = JsonNode.Parse(service.Get(configMaps, "default", "raced").Json)!["metadata"]!["labels"]!.AsObject();
        Assert.Equal(40, labels.Count);
    }

    [Fact]
    public async Task JsonPatch_ReplacingResourceVersion_IsAPrecondition()
    {
        var created = JsonNode.Parse(await (await Server.Http.PostAsync("/api/v1/namespaces/default/configmaps",
            new StringContent("""{"metadata":{"name":"pinned"}}""", Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync())!;
        var rv = created["metadata"]!["resourceVersion"]!.GetValue<string>();
        var ok = await Server.Http.PatchAsync("/api/v1/namespaces/default/configmaps/pinned", new StringContent(
            $$$"""[{"op":"replace","path":"/metadata/resourceVersion","value":"{{{rv}}}"},{"op":"add","path":"/data","value":{"a":"1"}}]""",
            Encoding.UTF8, "application/json-patch+json"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var stale = await Server.Http.PatchAsync("/api/v1/namespaces/default/configmaps/pinned", new StringContent(
            $$$"""[{"op":"replace","path":"/metadata/resourceVersion","value":"{{{rv}}}"},{"op":"add","path":"/data/b","value":"2"}]""",
            Encoding.UTF8, "application/json-patch+json"));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
    }
}
