using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Hostile;

/// <summary>
/// A JSON patch's copy operations may add at most 3 MiB in all: staging/src/k8s.io/apiserver/pkg/server/config.go's
/// JSONPatchMaxCopyBytes, which genericapiserver.go sets as json-patch's AccumulatedCopySizeLimit. Each copy of a
/// subtree into itself doubles it, so without the limit 40 such operations in a 2 KB body asked for a terabyte.
/// </summary>
public sealed class JsonPatchCopyLimitTests : ServerTest
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task CopiesPastThreeMebibytes_Are422_AndNothingChanges()
    {
        var created = await Server.Http.CreateAsync(ConfigMaps, """{"metadata":{"name":"seed"},"data":{"k":"v"}}""");
        // 1 KB doubled by each copy: 13 copies add 8 MB, the twelfth passing 3 MiB.
        var operations = new JsonArray(new JsonObject { ["op"] = "add", ["path"] = "/x", ["value"] = new JsonObject { ["a"] = new string('a', 1000) } });
        for (var i = 0; i < 13; i++)
        {
            operations.Add(new JsonObject { ["op"] = "copy", ["from"] = "/x", ["path"] = $"/x/b{i}" });
        }

        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Patch, $"{ConfigMaps}/seed", operations.ToJsonString(), "application/json-patch+json");

        Assert.Equal((HttpStatusCode.UnprocessableEntity, "Invalid", "the server rejected our request due to an error in our request"),
            (code, status.Str("reason"), status.Str("message")));
        var stored = await Server.Http.GetJsonAsync($"{ConfigMaps}/seed");
        Assert.Equal(created.Str("metadata", "resourceVersion"), stored.Str("metadata", "resourceVersion"));
    }

    [Fact]
    public async Task CopiesUnderTheLimit_Apply()
    {
        await Server.Http.CreateAsync(ConfigMaps, """{"metadata":{"name":"seed"},"data":{"k":"v"}}""");
        var operations = new JsonArray(new JsonObject { ["op"] = "copy", ["from"] = "/data/k", ["path"] = "/data/copy" });

        var (code, patched) = await Server.Http.SendJsonAsync(HttpMethod.Patch, $"{ConfigMaps}/seed", operations.ToJsonString(), "application/json-patch+json");

        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal("v", patched.Str("data", "copy"));
    }
}
