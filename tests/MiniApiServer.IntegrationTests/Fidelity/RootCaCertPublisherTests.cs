using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>
/// The root CA publisher (pkg/controller/certificates/rootcacertpublisher/publisher.go): kube-root-ca.crt in every
/// namespace, recreated when deleted, its data and description put back when changed, with --root-ca-file's bundle.
/// </summary>
public sealed class RootCaCertPublisherTests : ServerTest
{
    private const string Description =
        "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";

    // A CA certificate of the test's own: --root-ca-file must hold one (startRootCACertPublisher's readCA parses it).
    private static readonly string Bundle = NewCaPem();

    private static string NewCaPem()
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=test-root", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        return ca.ExportCertificatePem() + "\n";
    }

    protected override ApiServerHost StartServer()
    {
        var bundleFile = Path.Combine(Path.GetTempPath(), "miniapiserver-tests", Guid.NewGuid().ToString("N"), "root-ca.pem");
        Directory.CreateDirectory(Path.GetDirectoryName(bundleFile)!);
        File.WriteAllText(bundleFile, Bundle);
        return ApiServerHost.Start(settings: new Dictionary<string, string> { ["root-ca-file"] = bundleFile });
    }

    private static string ConfigMapPath(string ns) => $"/api/v1/namespaces/{ns}/configmaps/kube-root-ca.crt";

    private Task<JsonObject?> PublishedAsync(string ns, Func<JsonObject, bool>? also = null) =>
        Eventually.Get(() => Server.Http.GetJsonAsync(ConfigMapPath(ns)),
            cm => cm is not null && cm.Str("data", "ca.crt") == Bundle && (also?.Invoke(cm) ?? true), what: $"{ns}/kube-root-ca.crt");

    [Fact]
    public async Task EveryNamespace_HasTheBundle_WithUpstreamsDescription()
    {
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            var cm = await PublishedAsync(ns);
            Assert.Equal(Description, cm!["metadata"]!["annotations"]!["kubernetes.io/description"]!.GetValue<string>());
            Assert.Single(cm["data"]!.AsObject());
        }
        await Server.Http.CreateAsync("/api/v1/namespaces", """{"metadata":{"name":"team"}}""");
        await PublishedAsync("team");
    }

    [Fact]
    public async Task Deleted_IsCreatedAgain_AndChangedData_IsPutBack_KeepingOtherAnnotations()
    {
        var first = await PublishedAsync("default");
        Assert.Equal(System.Net.HttpStatusCode.OK, await Server.Http.DeleteJsonAsync(ConfigMapPath("default")));
        await PublishedAsync("default", cm => cm.Str("metadata", "uid") != first.Str("metadata", "uid"));

        await Server.Http.MergePatchAsync(ConfigMapPath("default"),
            """{"metadata":{"annotations":{"kubernetes.io/description":null,"team":"kept"}},"data":{"ca.crt":"forged","extra":"x"}}""");
        var restored = await PublishedAsync("default", cm => cm["data"]!.AsObject().Count == 1 && cm["metadata"]!["annotations"]?["kubernetes.io/description"] is not null);
        Assert.Equal("kept", restored!["metadata"]!["annotations"]!["team"]!.GetValue<string>());
        Assert.Equal(Description, restored["metadata"]!["annotations"]!["kubernetes.io/description"]!.GetValue<string>());
    }
}
