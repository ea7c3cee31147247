using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;
using MiniApiServer.IntegrationTests.Security;

namespace MiniApiServer.IntegrationTests.Certificates;

/// <summary>
/// A kube-apiserver-client certificate issued through a CSR authenticates as its CN and O, when the signer's CA
/// (--cluster-signing-cert-file/--cluster-signing-key-file) is the one --client-ca-file trusts, as on a kubeadm cluster.
/// </summary>
public sealed class CertificateSigningEndToEndTests
{
    [Fact]
    public async Task IssuedClientCertificate_AuthenticatesAsItsSubject()
    {
        var dir = Path.Combine(Path.GetTempPath(), "miniapiserver-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        using var pki = new TestCertificates();
        var ca = pki.WriteCa(dir);
        using var server = await ServerProcess.StartAsync(Path.Combine(dir, "cluster.db"), "https", 0, "--tls-self-signed",
            "--client-ca-file", ca, "--cluster-signing-cert-file", ca, "--cluster-signing-key-file", pki.WriteCaKey(dir));
        using var servingCa = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(dir, "ca.crt")));
        using var admin = TlsAndCertificateTests.Client(server, servingCa, pki.Client("root", "system:masters"));

        var (request, key) = CsrRequests.New("CN=carol,O=dev");
        using var _ = key;
        using (var created = await admin.PostAsync(CsrRequests.Collection, Json(CsrRequests.Body("carol", request, "kubernetes.io/kube-apiserver-client"))))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        using (var approved = await admin.PutAsync($"{CsrRequests.Collection}/carol/approval", Json(CsrRequests.WithCondition(await GetAsync(admin, "carol"), "Approved"))))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }
        var issued = await Eventually.Get(() => GetAsync(admin, "carol"), c => c["status"]?["certificate"] is not null, TimeSpan.FromSeconds(20), "carol issued");

        using var certificate = CsrRequests.Certificate(issued);
        using var withKey = certificate.CopyWithPrivateKey(key);
        // Re-imported so SslStream can use the key on every platform.
        using var carolCert = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        using var carol = TlsAndCertificateTests.Client(server, servingCa, carolCert);
        using var review = await carol.PostAsync("/apis/authentication.k8s.io/v1/selfsubjectreviews", Json("""{"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"}"""));
        var user = JsonNode.Parse(await review.Content.ReadAsStringAsync())!["status"]!["userInfo"]!;
        Assert.Equal("carol", user["username"]!.GetValue<string>());
        Assert.Contains("dev", user["groups"]!.AsArray().Select(g => g!.GetValue<string>()));
    }

    private static async Task<JsonObject> GetAsync(HttpClient http, string name) =>
        JsonNode.Parse(await http.GetStringAsync($"{CsrRequests.Collection}/{name}"))!.AsObject();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
