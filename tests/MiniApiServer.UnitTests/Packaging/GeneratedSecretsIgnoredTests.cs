using System.Diagnostics;

namespace MiniApiServer.UnitTests.Packaging;

/// <summary>
/// Files the server and its kubeconfig subcommand generate hold an admin token or private keys: neither git nor a
/// Docker build context may pick them up, wherever under the repository a user ran the commands.
/// </summary>
public sealed class GeneratedSecretsIgnoredTests
{
    private static readonly string[] Generated =
    [
        "mini.kubeconfig", "src/MiniApiServer/mini.kubeconfig", "data/cluster.db", "src/MiniApiServer/data/cluster.db",
        "tokens.csv", "elsewhere/tokens.csv", "elsewhere/ca.key", "elsewhere/apiserver.key", "elsewhere/sa.key", "elsewhere/apiserver.crt",
    ];

    [Fact]
    public void Git_IgnoresEveryGeneratedSecret()
    {
        var root = RepoRoot();
        var psi = new ProcessStartInfo("git") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "check-ignore", "--no-index" }.Concat(Generated))
        {
            psi.ArgumentList.Add(a);
        }
        using var git = Process.Start(psi)!;
        var ignored = git.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        git.WaitForExit();

        Assert.Equal(Generated, ignored);
    }

    [Fact]
    public void DockerBuildContext_ExcludesDataFoldersTokensAndKeysAtAnyDepth()
    {
        var patterns = File.ReadAllLines(Path.Combine(RepoRoot(), ".dockerignore")).Select(l => l.Trim()).ToHashSet();

        Assert.Superset(new HashSet<string> { "**/data/", "**/tokens.csv", "**/*.key", "**/*.kubeconfig", "**/*.db" }, patterns);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MiniApiServer.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
