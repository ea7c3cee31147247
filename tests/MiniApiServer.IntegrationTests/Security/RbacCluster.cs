using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Security;

/// <summary>
/// One TLS server with a token file of three users and a kubeconfig with a context each: admin
/// (system:masters), alice (bound to edit in namespace "team" only), bob (bound to view cluster-wide); and a
/// ServiceAccount team/robot bound to view in "team". Set up through kubectl as admin.
/// </summary>
public sealed class RbacCluster : IAsyncLifetime
{
    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "miniapiserver-tests", Guid.NewGuid().ToString("N"));
    public ServerProcess Server { get; private set; } = null!;
    public KubectlRunner Kubectl { get; private set; } = null!;
    public string Kubeconfig { get; private set; } = null!;

    public string Db => Path.Combine(DataDir, "cluster.db");

    public string TokensFile => Path.Combine(DataDir, "tokens.csv");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDir);
        await File.WriteAllTextAsync(TokensFile, "admin-token,admin,1,\"system:masters\"\nalice-token,alice,2,\"dev\"\nbob-token,bob,3\n");
        Server = await StartAsync();
        Kubectl = new KubectlRunner(Server.BaseAddress);
        Kubeconfig = WriteKubeconfig(Kubectl, Server.BaseAddress, DataDir);
        await As("admin", "create", "namespace", "team");
        await As("admin", "create", "rolebinding", "alice-edit", "-n", "team", "--clusterrole", "edit", "--user", "alice");
        await As("admin", "create", "clusterrolebinding", "bob-view", "--clusterrole", "view", "--user", "bob");
        await As("admin", "create", "serviceaccount", "robot", "-n", "team");
        await As("admin", "create", "rolebinding", "robot-view", "-n", "team", "--clusterrole", "view", "--serviceaccount", "team:robot");
        // The authorizer reads bindings from informers, which follow the writes a moment later.
        await Eventually.True(async () => (await TryAs("alice", "auth", "can-i", "create", "configmaps", "-n", "team")).ExitCode == 0
            && (await TryAs("bob", "auth", "can-i", "list", "configmaps", "-n", "team")).ExitCode == 0, TimeSpan.FromSeconds(20), "bindings in effect");
    }

    public Task<ServerProcess> StartAsync() =>
        ServerProcess.StartAsync(Db, "https", 0, "--tls-self-signed", "--token-auth-file", TokensFile);

    /// <summary>kubectl as one of the users; requires success and returns stdout.</summary>
    public Task<string> As(string user, params string[] args) => Kubectl.OkAsync([.. Context(user), .. args]);

    /// <summary>kubectl as one of the users, whatever the outcome.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> TryAs(string user, params string[] args) => Kubectl.RunAsync([.. Context(user), .. args]);

    /// <summary>kubectl with a bearer token instead of a context's user (a ServiceAccount token).</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> WithToken(string token, params string[] args) =>
        Kubectl.RunAsync(["--kubeconfig", Kubeconfig, "--context", "admin", "--token", token, .. args]);

    public static string WriteKubeconfig(KubectlRunner kubectl, Uri server, string dataDir)
    {
        var users = string.Concat(new[] { "admin", "alice", "bob" }.Select(u => $"""

            - name: {u}
              user:
                token: {u}-token
            """));
        var contexts = string.Concat(new[] { "admin", "alice", "bob" }.Select(u => $"""

            - name: {u}
              context:
                cluster: mini
                user: {u}
                namespace: default
            """));
        return kubectl.WriteFile("rbac.kubeconfig", $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: mini
              cluster:
                server: {server.ToString().TrimEnd('/')}
                certificate-authority: {Path.Combine(dataDir, "ca.crt")}
            users:{users}
            contexts:{contexts}
            current-context: admin

            """);
    }

    public async Task DisposeAsync()
    {
        Kubectl?.Dispose();
        Server?.Dispose();
        await Task.CompletedTask;
    }

    private string[] Context(string user) => ["--kubeconfig", Kubeconfig, "--context", user];
}
