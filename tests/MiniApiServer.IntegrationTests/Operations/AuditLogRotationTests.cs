using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Operations;

/// <summary>
/// --audit-log-maxsize and --audit-log-maxbackup (k8s.io/apiserver/pkg/server/options/audit.go through lumberjack): the
/// log is renamed NAME-TIME.EXT before a line would take it past the size, and only the newest backups are kept.
/// </summary>
public sealed class AuditLogRotationTests : AuditServerTest
{
    protected override string Policy => """
        apiVersion: audit.k8s.io/v1
        kind: Policy
        omitStages: ["RequestReceived"]
        rules:
        - level: RequestResponse
          namespaces: ["big"]
          resources:
          - group: ""
            resources: ["configmaps"]
        """;

    protected override ApiServerHost StartServer() =>
        StartAudited(new Dictionary<string, string> { ["audit-log-maxsize"] = "1", ["audit-log-maxbackup"] = "1" });

    [Fact]
    public async Task TheLogRotatesBeforeMaxsize_KeepingMaxbackupBackups()
    {
        await Server.Http.CreateAsync("/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"big"}}""");
        // Each create's event holds the 300 KB ConfigMap twice (request and response): two do not fit in a megabyte.
        var data = new string('x', 300 * 1024);
        foreach (var name in new[] { "first", "second", "third" })
        {
            await Server.Http.CreateAsync("/api/v1/namespaces/big/configmaps", $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"},"data":{"d":"{{{data}}}"}}""");
        }

        await Eventually.Get(() => CreatedAsync(LogPath), names => names.Contains("third"), TimeSpan.FromSeconds(20), "the third create audited");

        Assert.Equal(["third"], await CreatedAsync(LogPath));
        Assert.True(new FileInfo(LogPath).Length <= 1024 * 1024);
        var backup = Assert.Single(Directory.GetFiles(Dir, "audit-*.log"));
        Assert.Matches(@"audit-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}\.log$", backup);
        Assert.Equal(["second"], await CreatedAsync(backup));
    }

    [Fact]
    public async Task ALogMovedAway_DoesNotFailRequests_TheEventsGoOnAtThePath()
    {
        await Server.Http.CreateAsync("/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"big"}}""");
        var data = new string('x', 300 * 1024);
        await Server.Http.CreateAsync("/api/v1/namespaces/big/configmaps", $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"first"},"data":{"d":"{{{data}}}"}}""");
        await Eventually.Get(() => CreatedAsync(LogPath), names => names.Contains("first"), TimeSpan.FromSeconds(20), "the first create audited");

        // logrotate without copytruncate: the server's open file now lives elsewhere, so its own rename finds nothing.
        File.Move(LogPath, Path.Combine(Dir, "moved.log"));
        var (code, _) = await Server.Http.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/big/configmaps",
            $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"second"},"data":{"d":"{{{data}}}"}}""");

        Assert.Equal(System.Net.HttpStatusCode.Created, code);
        await Eventually.Get(() => File.Exists(LogPath) ? CreatedAsync(LogPath) : Task.FromResult(new List<string?>()), names => names.Contains("second"),
            TimeSpan.FromSeconds(20), "the second create audited in a new file at the path");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await Server.Http.GetAsync("/api/v1/namespaces/big/configmaps/second")).StatusCode);
    }

    /// <summary>The ConfigMaps created over HTTP whose events a file holds (the root CA publisher's are not).</summary>
    private static async Task<List<string?>> CreatedAsync(string path) =>
        (await AuditLogFile.ReadAsync(path))
            .Where(e => (string?)e["verb"] == "create" && e["requestObject"] is JsonObject)
            .Select(e => (string?)e["requestObject"]!["metadata"]!["name"])
            .ToList();
}
