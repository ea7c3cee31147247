using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Security;

/// <summary>--tls-self-signed serving with verification, --client-ca-file users, and the kubeconfig subcommand with the real kubectl.</summary>
public sealed class TlsAndCertificateTests
{
    private static string NewDataDir() => Path.Combine(Path.GetTempPath(), "miniapiserver-tests", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task ClientCertificates_AuthenticateCnAndO_AgainstTheClientCa()
    {
        var dir = NewDataDir();
        Directory.CreateDirectory(dir);
        using var pki = new TestCertificates();
        using var server = await ServerProcess.StartAsync(Path.Combine(dir, "cluster.db"), "https", 0, "--tls-self-signed", "--client-ca-file", pki.WriteCa(dir));
        using var servingCa = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(dir, "ca.crt")));

        using var admin = Client(server, servingCa, pki.Client("root", "system:masters"));
        using (var created = await admin.PostAsync("/api/v1/namespaces/default/configmaps", Json("""{"metadata":{"name":"by-cert"}}""")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        using (var bound = await admin.PostAsync("/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings",
            Json("""{"metadata":{"name":"dev-view"},"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"view"},"subjects":[{"apiGroup":"rbac.authorization.k8s.io","kind":"Group","name":"dev"}]}""")))
        {
            Assert.Equal(HttpStatusCode.Created, bound.StatusCode);
        }
        using var alice = Client(server, servingCa, pki.Client("alice", "dev"));
        // The certificate's O is alice's group, and RBAC reads the new binding from its informer a moment later.
        await Eventually.True(async () => (await alice.GetAsync("/api/v1/namespaces/default/configmaps/by-cert")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(20), "alice reads through group dev's binding");
        var denied = await alice.PostAsync("/api/v1/namespaces/default/configmaps", Json("""{"metadata":{"name":"x"}}"""));
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal("configmaps is forbidden: User \"alice\" cannot create resource \"configmaps\" in API group \"\" in the namespace \"default\"",
            JsonNode.Parse(await denied.Content.ReadAsStringAsync())!["message"]!.GetValue<string>());

        using var foreignPki = new TestCertificates();
        using var stranger = Client(server, servingCa, foreignPki.Client("mallory", "system:masters"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("/api/v1/namespaces")).StatusCode);
        using var anonymous = Client(server, servingCa, null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/namespaces")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/readyz")).StatusCode);
    }

    [KubectlFact]
    public async Task SelfSignedTls_KubeconfigSubcommand_KubectlVerifiesAndAuthenticates()
    {
        var dir = NewDataDir();
        var db = Path.Combine(dir, "cluster.db");
        string caBefore;
        using (var first = await ServerProcess.StartAsync(db, "https", 0, "--tls-self-signed"))
        {
            caBefore = await File.ReadAllTextAsync(Path.Combine(dir, "ca.crt"));
        }
        using var server = await ServerProcess.StartAsync(db, "https", 0, "--tls-self-signed");
        Assert.Equal(caBefore, await File.ReadAllTextAsync(Path.Combine(dir, "ca.crt")));

        var kubeconfig = Path.Combine(dir, "admin.kubeconfig");
        var (code, _, stderr) = await ServerProcess.RunSubcommandAsync("kubeconfig", "--server", server.BaseAddress.ToString().TrimEnd('/'), "--db", db, "--out", kubeconfig);
        Assert.True(code == 0, stderr);
        using var kubectl = new KubectlRunner(server.BaseAddress);
        var ok = await kubectl.RunAsync("--kubeconfig", kubeconfig, "get", "nodes");
        Assert.True(ok.ExitCode == 0, ok.Stderr);
        Assert.Contains("default", await kubectl.OkAsync("--kubeconfig", kubeconfig, "get", "namespaces"));

        var text = await File.ReadAllTextAsync(kubeconfig);
        var token = text.Split('\n').Single(l => l.TrimStart().StartsWith("token:", StringComparison.Ordinal)).Split(':', 2)[1].Trim();
        var wrong = kubectl.WriteFile("wrong.kubeconfig", text.Replace(token, "not-the-token", StringComparison.Ordinal));
        var denied = await kubectl.RunAsync("--kubeconfig", wrong, "get", "nodes");
        Assert.NotEqual(0, denied.ExitCode);
        Assert.Contains("error: You must be logged in to the server (Unauthorized)", denied.Stderr);
    }

    [Fact]
    public async Task SelfSignedTls_PublishesItsCa_AsKubeRootCaCrt_WhichVerifiesTheServer()
    {
        var dir = NewDataDir();
        using var server = await ServerProcess.StartAsync(Path.Combine(dir, "cluster.db"), "https", 0, "--tls-self-signed");
        using var servingCa = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(dir, "ca.crt")));
        var token = File.ReadAllLines(Path.Combine(dir, "tokens.csv")).First(l => l.Length > 0).Split(',')[0];
        using var admin = Client(server, servingCa, null);
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        var published = await Eventually.Get(() => admin.GetJsonAsync("/api/v1/namespaces/kube-system/configmaps/kube-root-ca.crt"),
            cm => cm is not null, TimeSpan.FromSeconds(20), "kube-system/kube-root-ca.crt");
        var bundle = published.Str("data", "ca.crt")!;
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(dir, "ca.crt")), bundle);
        // What a pod would do with the projected ca.crt: trust only it, and reach the server.
        using var fromBundle = X509Certificate2.CreateFromPem(bundle);
        using var inPod = Client(server, fromBundle, null);
        using var version = await inPod.GetAsync("/version");
        Assert.Equal(HttpStatusCode.OK, version.StatusCode);
    }

    internal static HttpClient Client(ServerProcess server, X509Certificate2 servingCa, X509Certificate2? clientCert)
    {
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(servingCa);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return cert is not null && chain.Build(cert);
            },
        };
        if (clientCert is not null)
        {
            handler.ClientCertificateOptions = ClientCertificateOption.Manual;
            handler.ClientCertificates.Add(clientCert);
        }
        return new HttpClient(handler) { BaseAddress = server.BaseAddress };
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
