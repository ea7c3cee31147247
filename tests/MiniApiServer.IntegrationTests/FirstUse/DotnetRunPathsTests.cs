using System.Text;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.FirstUse;

/// <summary>
/// The README's TLS commands, typed from one directory with `dotnet run --project`: the database, the generated TLS
/// material and token file, and the kubeconfig all land in that directory, so the next command finds them.
/// </summary>
public sealed class DotnetRunPathsTests
{
    [KubectlFact]
    public async Task DotnetRun_ResolvesRelativePathsWhereTheUserStands()
    {
        var project = Path.Combine(ServerCli.RepoRoot(), "src", "MiniApiServer");
        var cwd = ServerCli.NewDirectory();
        var url = $"https://127.0.0.1:{ServerCli.FreePort()}";
        var output = new StringBuilder();
        var server = ServerCli.StartCollecting("dotnet", cwd, output,
            "run", "--no-build", "--project", project, "--", "--urls", url, "--tls-self-signed", "--nodes", "1");
        try
        {
            await Eventually.True(() =>
            {
                lock (output)
                {
                    return Task.FromResult(output.ToString().Contains("ready at", StringComparison.Ordinal));
                }
            }, TimeSpan.FromSeconds(120), "the server started by dotnet run");
            Assert.Contains($"database {Path.Combine(cwd, "data", "cluster.db")} |", output.ToString(), StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(cwd, "data", "tokens.csv")), "the admin token file is next to the database in the user's directory");
            Assert.True(File.Exists(Path.Combine(cwd, "data", "ca.crt")), "the CA is next to the database in the user's directory");

            var (exit, _, stderr) = await ServerCli.RunAsync("dotnet", cwd, null,
                "run", "--no-build", "--project", project, "--", "kubeconfig", "--server", url, "--out", "mini.kubeconfig");
            Assert.True(exit == 0, stderr);

            using var kubectl = new KubectlRunner(new Uri(url));
            Assert.StartsWith("NAME ", await kubectl.OkAsync("--kubeconfig", Path.Combine(cwd, "mini.kubeconfig"), "get", "nodes"), StringComparison.Ordinal);
        }
        finally
        {
            ServerCli.Stop(server);
        }
    }
}
