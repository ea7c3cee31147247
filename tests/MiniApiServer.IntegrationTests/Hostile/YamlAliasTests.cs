using System.Net;
using System.Text;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Hostile;

/// <summary>
/// A YAML body's anchors and aliases are read as sigs.k8s.io/yaml reads them (go-yaml v2's decode.go): an alias is a
/// copy of its anchor, within allowedAliasRatio's budget, past which "document contains excessive aliasing". Before,
/// every alias was refused, so a manifest sharing its labels through an anchor could not be created.
/// </summary>
public sealed class YamlAliasTests : ServerTest
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task AnAliasedMapAndScalar_AreCopiesOfTheirAnchors()
    {
        const string Manifest = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: anchored
              labels: &shared {app: web}
              annotations: *shared
            data:
              a: &v one
              b: *v
            """;

        var (code, created) = await Server.Http.SendJsonAsync(HttpMethod.Post, ConfigMaps, Manifest, "application/yaml");

        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Equal(("web", "web", "one", "one"),
            (created.Str("metadata", "labels", "app"), created.Str("metadata", "annotations", "app"), created.Str("data", "a"), created.Str("data", "b")));
    }

    [Fact]
    public async Task BillionLaughs_Is400_AndNothingIsStored()
    {
        var manifest = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: laughs\nx:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            var previous = (char)(level - 1);
            manifest.Append($"  {level}: &{level} [{string.Join(", ", Enumerable.Repeat($"*{previous}", 9))}]\n");
        }

        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Post, ConfigMaps, manifest.ToString(), "application/yaml");

        Assert.Equal((HttpStatusCode.BadRequest, "couldn't decode the request body as YAML: document contains excessive aliasing"), (code, status.Str("message")));
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Http.GetAsync($"{ConfigMaps}/laughs")).StatusCode);
    }

    [Fact]
    public async Task AnchorsWrappingAnchors_PastTheNestingLimit_Are400()
    {
        var manifest = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\nx:\n  a0: &a0 [x]\n");
        for (var i = 1; i <= 200; i++)
        {
            manifest.Append($"  a{i}: &a{i} [*a{i - 1}]\n");
        }

        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Post, ConfigMaps, manifest.ToString(), "application/yaml");

        Assert.Equal((HttpStatusCode.BadRequest, "couldn't decode the request body as YAML: YAML nesting exceeds 100 levels"), (code, status.Str("message")));
    }
}
