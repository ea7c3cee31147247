using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Client;

/// <summary>
/// Debian's python3-kubernetes against the server process: tests/clients/python/client_check.py. It fails, not skips,
/// without the package, because .ci/run installs it.
/// </summary>
public sealed class PythonClientTests
{
    private const string Python = "/usr/bin/python3";

    [Fact]
    public async Task DebianPythonClient_CreatesFromYaml_WatchesFromAVersion_Patches_Pages_DeletesInTheForeground_AutoscalesV1_ProvisionsAClaim_ServesACustomResource_ReviewsAToken()
    {
        var script = Path.Combine(ServerCli.RepoRoot(), "tests", "clients", "python", "client_check.py");
        var probe = await ServerCli.RunAsync(Python, ServerCli.NewDirectory(), null, "-c", "import kubernetes");
        Assert.True(probe.ExitCode == 0, $"Debian's python3-kubernetes is missing (apt-get install python3-kubernetes; .ci/run does): {probe.Stderr}");
        var db = Path.Combine(ServerCli.NewDirectory(), "cluster.db");
        using var server = await ServerProcess.StartAsync(db, nodes: 2);

        var (exit, stdout, stderr) = await ServerCli.RunAsync(Python, ServerCli.NewDirectory(), null,
            script, server.BaseAddress.ToString().TrimEnd('/'), "python-client");

        Assert.True(exit == 0, $"client_check.py exited {exit}:\n{stdout}\n{stderr}");
        Assert.Equal(
            """
            created from YAML: 1 DaemonSet, 5 ConfigMaps
            watch from resourceVersion: ADDED MODIFIED DELETED
            patched: labels {'patched': 'yes'}
            paged: 3 pages of limit 2: page-0 page-1 page-2 page-3 page-4
            foreground delete: 2 pods, then the DaemonSet, gone
            autoscaling/v1: min 1, max 3, target 50%, current 1, desired 0
            storage: class standard, claim Bound 1Gi, volume Bound Delete on the pod's node
            custom resource: Backup nightly, keep defaulted to 7, listed ['nightly']
            token review: True system:serviceaccount:python-client:robot ['vault'], not for the API: None; local access review allowed: True
            ok

            """, stdout);
    }
}
