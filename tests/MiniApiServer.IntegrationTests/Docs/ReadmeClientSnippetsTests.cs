using System.Net;
using System.Text.RegularExpressions;
using k8s;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Docs;

/// <summary>
/// The README's Clients section: its kubeconfig, and its kubectl, C#, Python and JavaScript snippets, run as written
/// (only the server address replaced) from a directory holding that kubeconfig as mini.kubeconfig.
/// </summary>
public sealed partial class ReadmeClientSnippetsTests(ReadmeClientSnippetsTests.Server server) : IClassFixture<ReadmeClientSnippetsTests.Server>
{
    private const string Expected = "daemonset.apps/monitoring-daemon\n";

    /// <summary>The README's C# snippet, which this test compiles by containing it.</summary>
    private const string CSharpSnippet = """
        using k8s;
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile("mini.kubeconfig");
        using var client = new Kubernetes(config);
        foreach (var ds in (await client.ListNamespacedDaemonSetAsync("default")).Items)
            Console.WriteLine($"daemonset.apps/{ds.Metadata.Name}");
        """;

    [KubectlFact]
    public async Task Kubectl()
    {
        var command = Block("sh", "# kubectl").Split('\n').Single(l => l.Contains("kubectl get", StringComparison.Ordinal));
        var (exit, stdout, stderr) = await ServerCli.RunAsync("bash", server.Directory, new Dictionary<string, string> { ["HOME"] = server.Directory }, "-c", command);
        Assert.True(exit == 0, stderr);
        Assert.Equal(Expected, stdout);
    }

    [Fact]
    public async Task CSharp()
    {
        Assert.Contains(CSharpSnippet.ReplaceLineEndings("\n"), Block("csharp", "// C#"), StringComparison.Ordinal);
        var output = new StringWriter();
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(Path.Combine(server.Directory, "mini.kubeconfig"));
        using var client = new Kubernetes(config);
        foreach (var ds in (await client.ListNamespacedDaemonSetAsync("default")).Items)
        {
            output.Write($"daemonset.apps/{ds.Metadata.Name}\n");
        }
        Assert.Equal(Expected, output.ToString());
    }

    [Fact]
    public async Task Python()
    {
        var script = Path.Combine(server.Directory, "snippet.py");
        await File.WriteAllTextAsync(script, Block("python", "# Python"));
        var (exit, stdout, stderr) = await ServerCli.RunAsync("/usr/bin/python3", server.Directory, null, script);
        Assert.True(exit == 0, stderr);
        Assert.Equal(Expected, stdout);
    }

    [Fact]
    public async Task JavaScript()
    {
        // Beside tests/clients/node's node_modules, so the import resolves as in a user's project.
        var nodeDir = Path.Combine(ServerCli.RepoRoot(), "tests", "clients", "node");
        var script = Path.Combine(nodeDir, $"readme-snippet-{Guid.NewGuid():N}.mjs");
        await File.WriteAllTextAsync(script, Block("js", "// JavaScript"));
        try
        {
            var (exit, stdout, stderr) = await ServerCli.RunAsync("node", server.Directory, null, script);
            Assert.True(exit == 0, stderr);
            Assert.Equal(Expected, stdout);
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>The body of the README block fenced with <paramref name="language"/> whose first line starts with <paramref name="firstLine"/>.</summary>
    private static string Block(string language, string firstLine) =>
        Fences().Matches(Readme()).Where(m => m.Groups["lang"].Value == language && m.Groups["body"].Value.StartsWith(firstLine, StringComparison.Ordinal))
            .Select(m => m.Groups["body"].Value).Single();

    private static string Readme() => File.ReadAllText(Path.Combine(ServerCli.RepoRoot(), "README.md")).ReplaceLineEndings("\n");

    [GeneratedRegex(@"^```(?<lang>\w+)\n(?<body>.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fences();

    /// <summary>A server with the walkthrough's DaemonSet, and a directory holding the README's kubeconfig pointed at it.</summary>
    public sealed class Server : IAsyncLifetime
    {
        private ServerProcess? _process;

        public string Directory { get; } = ServerCli.NewDirectory();

        public async Task InitializeAsync()
        {
            _process = await ServerProcess.StartAsync(Path.Combine(Directory, "data", "cluster.db"));
            var kubeconfig = Block("yaml", "apiVersion: v1\nkind: Config");
            Assert.Contains("insecure-skip-tls-verify: true", kubeconfig, StringComparison.Ordinal);
            await File.WriteAllTextAsync(Path.Combine(Directory, "mini.kubeconfig"),
                kubeconfig.Replace("http://127.0.0.1:8080", _process.BaseAddress.ToString().TrimEnd('/'), StringComparison.Ordinal));
            using var http = new HttpClient { BaseAddress = _process.BaseAddress };
            using var body = new StringContent(Block("yaml", "apiVersion: apps/v1\nkind: DaemonSet"), System.Text.Encoding.UTF8, "application/yaml");
            var created = await http.PostAsync("/apis/apps/v1/namespaces/default/daemonsets", body);
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        public Task DisposeAsync()
        {
            _process?.Dispose();
            return Task.CompletedTask;
        }
    }
}
