using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace MiniApiServer.IntegrationTests.Certificates;

/// <summary>PKCS#10 requests made here with System.Security.Cryptography, and CSR bodies around them.</summary>
public static class CsrRequests
{
    public const string Collection = "/apis/certificates.k8s.io/v1/certificatesigningrequests";

    /// <summary>A base64 PEM request for <paramref name="subject"/> signed by a new P-256 key, which is returned too.</summary>
    public static (string Request, ECDsa Key) New(string subject, Action<CertificateRequest>? extend = null)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        extend?.Invoke(request);
        return (Convert.ToBase64String(Encoding.ASCII.GetBytes(request.CreateSigningRequestPem())), key);
    }

    public static string Body(string name, string request, string signer, string usages = "\"client auth\",\"digital signature\"", string extra = "") =>
        $$$"""{"apiVersion":"certificates.k8s.io/v1","kind":"CertificateSigningRequest","metadata":{"name":"{{{name}}}"},"spec":{"request":"{{{request}}}","signerName":"{{{signer}}}","usages":[{{{usages}}}]{{{extra}}}}}""";

    /// <summary>The stored request with one more condition of <paramref name="type"/>, as kubectl certificate approve/deny sends it to /approval.</summary>
    public static string WithCondition(JsonObject csr, string type)
    {
        var copy = csr.DeepClone().AsObject();
        var status = copy["status"] as JsonObject ?? [];
        copy["status"] = status;
        var conditions = status["conditions"] as JsonArray ?? [];
        status["conditions"] = conditions;
        conditions.Add(new JsonObject { ["type"] = type, ["status"] = "True", ["reason"] = "Test", ["message"] = $"{type} by the test" });
        return copy.ToJsonString();
    }

    /// <summary>Some valid certificate, as a signer of its own would write to status.certificate.</summary>
    public static string SelfSignedPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=other", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        return certificate.ExportCertificatePem();
    }

    /// <summary>status.certificate (base64 of PEM on the wire) as a certificate.</summary>
    public static X509Certificate2 Certificate(JsonObject csr) =>
        X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(Convert.FromBase64String(csr["status"]!["certificate"]!.GetValue<string>())));
}
