using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MiniApiServer.Application.Certificates;

/// <summary>
/// pkg/apis/certificates/helpers.go ParseCSR: the first PEM block of spec.request must be a CERTIFICATE REQUEST
/// whose PKCS#10 parses and whose signature verifies (validation.go validateCSR).
/// </summary>
public static class CertificateRequests
{
    public const string RequestBlockType = "CERTIFICATE REQUEST";

    /// <summary>The parsed request, or the reason it is none (upstream's error text where .NET's differs in kind only).</summary>
    public static (CertificateRequest? Request, string? Error) Parse(byte[]? pem)
    {
        var text = Encoding.UTF8.GetString(pem ?? []);
        if (!PemEncoding.TryFind(text, out var fields) || text[fields.Label] != RequestBlockType)
        {
            return (null, "PEM block type must be CERTIFICATE REQUEST");
        }
        var block = text[fields.Location];
        try
        {
            return (CertificateRequest.LoadSigningRequestPem(block, HashAlgorithmName.SHA256, CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions), null);
        }
        catch (CryptographicException ex)
        {
            return (null, SignatureError(block) ?? ex.Message);
        }
    }

    /// <summary>CheckSignature's error, in Go's words, when the request parses and only its signature fails.</summary>
    private static string? SignatureError(string pem)
    {
        try
        {
            var parsed = CertificateRequest.LoadSigningRequestPem(pem, HashAlgorithmName.SHA256,
                CertificateRequestLoadOptions.SkipSignatureValidation | CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
            return parsed.PublicKey.Oid.Value switch
            {
                "1.2.840.10045.2.1" => "x509: ECDSA verification failure",
                "1.2.840.113549.1.1.1" => "crypto/rsa: verification error",
                _ => null,
            };
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The subject's O values (the groups a kube-apiserver-client certificate authenticates with).</summary>
    public static IReadOnlyList<string> Organizations(X500DistinguishedName subject) => Values(subject, "2.5.4.10");

    /// <summary>The subject's CN values.</summary>
    public static IReadOnlyList<string> CommonNames(X500DistinguishedName subject) => Values(subject, "2.5.4.3");

    private static List<string> Values(X500DistinguishedName subject, string oid) =>
        [.. subject.EnumerateRelativeDistinguishedNames()
            .Where(rdn => rdn.GetSingleElementType().Value == oid)
            .Select(rdn => rdn.GetSingleElementValue() ?? "")];
}
