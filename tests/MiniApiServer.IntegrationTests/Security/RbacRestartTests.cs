using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Security;

/// <summary>The ServiceAccount signing key lives next to the database: a token outlives a restart; the default policy is not duplicated.</summary>
public sealed class RbacRestartTests
{
    [KubectlFact]
    public async Task ServiceAccountToken_SurvivesRestart()
    {
        var cluster = new RbacCluster();
        await cluster.InitializeAsync();
        string token;
        try
        {
            token = (await cluster.As("admin", "create", "token", "robot", "-n", "team", "--duration", "2h")).Trim();
            Assert.Equal(0, (await cluster.WithToken(token, "get", "configmaps", "-n", "team")).ExitCode);
        }
        finally
        {
            cluster.Server.Dispose();
        }
        var keyFile = Path.Combine(cluster.DataDir, "sa.key");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }
        var key = await File.ReadAllTextAsync(keyFile);

        using var restarted = await cluster.StartAsync();
        using var kubectl = new KubectlRunner(restarted.BaseAddress);
        var kubeconfig = RbacCluster.WriteKubeconfig(kubectl, restarted.BaseAddress, cluster.DataDir);
        var whoami = await kubectl.RunAsync("--kubeconfig", kubeconfig, "--token", token, "auth", "whoami", "-o", "jsonpath={.status.userInfo.username}");
        Assert.Equal((0, "system:serviceaccount:team:robot"), (whoami.ExitCode, whoami.Stdout));
        Assert.Equal(key, await File.ReadAllTextAsync(keyFile));
        var roles = await kubectl.OkAsync("--kubeconfig", kubeconfig, "--context", "admin", "get", "clusterrolebindings", "-o", "name");
        Assert.Equal(["clusterrolebinding.rbac.authorization.k8s.io/bob-view", "clusterrolebinding.rbac.authorization.k8s.io/cluster-admin",
            "clusterrolebinding.rbac.authorization.k8s.io/system:basic-user", "clusterrolebinding.rbac.authorization.k8s.io/system:discovery",
            "clusterrolebinding.rbac.authorization.k8s.io/system:public-info-viewer",
            "clusterrolebinding.rbac.authorization.k8s.io/system:service-account-issuer-discovery"], roles.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        cluster.Kubectl.Dispose();
    }
}
