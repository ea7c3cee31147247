using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Storage;

/// <summary>
/// Fixtures/release-1.db was written by release 1 (EnsureCreated schema, no migration history): namespace
/// "fixture" with DaemonSet monitoring-daemon on 3 nodes, ConfigMap "kept", and ConfigMap "upgrade-cm"
/// created then deleted; its last revision is 40.
/// </summary>
public sealed class UpgradeTests
{
    [Fact]
    public async Task Release1Database_OpensMigratesAndServesAllItsObjects()
    {
        var dir = Path.Combine(Path.GetTempPath(), "miniapiserver-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var db = Path.Combine(dir, "cluster.db");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Storage", "Fixtures", "release-1.db"), db);

        using var server = await ServerProcess.StartAsync(db);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var kept = JsonNode.Parse(await http.GetStringAsync("/api/v1/namespaces/fixture/configmaps/kept"))!;
        Assert.Equal("b", (string?)kept["data"]!["a"]);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/v1/namespaces/fixture/configmaps/upgrade-cm")).StatusCode);
        var ds = JsonNode.Parse(await http.GetStringAsync("/apis/apps/v1/namespaces/fixture/daemonsets/monitoring-daemon"))!;
        Assert.Equal("monitoring-agent:1.0", (string?)ds["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
        var pods = JsonNode.Parse(await http.GetStringAsync("/api/v1/namespaces/fixture/pods"))!["items"]!.AsArray();
        Assert.Equal(3, pods.Count);
        var nodes = JsonNode.Parse(await http.GetStringAsync("/api/v1/nodes"))!["items"]!.AsArray();
        Assert.Equal(3, nodes.Count);

        // Revisions continue from the release-1 log instead of reusing its numbers.
        var created = await http.PostAsJsonAsync("/api/v1/namespaces/fixture/configmaps",
            new { apiVersion = "v1", kind = "ConfigMap", metadata = new { name = "after-upgrade" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var rv = long.Parse((string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["metadata"]!["resourceVersion"]!, CultureInfo.InvariantCulture);
        Assert.True(rv > 40, $"new revision {rv} must be above release 1's last revision 40");
        // A watch from a release-1 revision still in the log replays what came after it.
        var watch = await http.GetStringAsync("/api/v1/namespaces/fixture/configmaps?watch=1&resourceVersion=38&timeoutSeconds=1");
        Assert.Contains("\"kept\"", watch, StringComparison.Ordinal);
    }
}
