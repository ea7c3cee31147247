using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Client;

/// <summary>
/// @kubernetes/client-node 1.x (pinned by tests/clients/node/package-lock.json) against the server process: an
/// informer sees an add, an update and a delete. It fails, not skips, without node or `npm ci`, because .ci/run runs both.
/// </summary>
public sealed class NodeClientTests
{
    [Fact]
    public async Task NodeClientInformer_SeesAddUpdateDelete()
    {
        var dir = Path.Combine(ServerCli.RepoRoot(), "tests", "clients", "node");
        Assert.True(Directory.Exists(Path.Combine(dir, "node_modules", "@kubernetes", "client-node")),
            $"@kubernetes/client-node is not installed in {dir}: run `npm ci` there (.ci/run does)");
        var db = Path.Combine(ServerCli.NewDirectory(), "cluster.db");
        using var server = await ServerProcess.StartAsync(db);

        var (exit, stdout, stderr) = await ServerCli.RunAsync("node", dir, null,
            "informer-check.mjs", server.BaseAddress.ToString().TrimEnd('/'), "node-client");

        Assert.True(exit == 0, $"informer-check.mjs exited {exit}:\n{stdout}\n{stderr}");
        Assert.Equal(
            """
            add seen {"v":"1"}
            update seen {"v":"2"}
            delete seen {"v":"2"}
            ok

            """, stdout);
    }
}
