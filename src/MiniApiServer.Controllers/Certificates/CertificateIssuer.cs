using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MiniApiServer.Controllers.Certificates;

/// <summary>
/// pkg/controller/certificates/authority: the request's subject, key and subjectAltNames under the CA, with the usages
/// the request asked for (PermissiveSigningPolicy) and no other extension of the request's; backdated five minutes,
/// but a short-lived certificate (under 8 h) still ends at now + TTL; never past the CA's own end.
/// </summary>
public static class CertificateIssuer
{
    private static readonly TimeSpan Backdate = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Short = TimeSpan.FromHours(8);

    private static readonly Dictionary<string, X509KeyUsageFlags> KeyUsages = new(StringComparer.Ordinal)
    {
        ["signing"] = X509KeyUsageFlags.DigitalSignature,
        ["digital signature"] = X509KeyUsageFlags.DigitalSignature,
        ["content commitment"] = X509KeyUsageFlags.NonRepudiation,
        ["key encipherment"] = X509KeyUsageFlags.KeyEncipherment,
        ["key agreement"] = X509KeyUsageFlags.KeyAgreement,
        ["data encipherment"] = X509KeyUsageFlags.DataEncipherment,
        ["cert sign"] = X509KeyUsageFlags.KeyCertSign,
        ["crl sign"] = X509KeyUsageFlags.CrlSign,
        ["encipher only"] = X509KeyUsageFlags.EncipherOnly,
        ["decipher only"] = X509KeyUsageFlags.DecipherOnly,
    };

    private static readonly Dictionary<string, string> ExtendedKeyUsages = new(StringComparer.Ordinal)
    {
        ["any"] = "2.5.29.37.0",
        ["server auth"] = "1.3.6.1.5.5.7.3.1",
        ["client auth"] = "1.3.6.1.5.5.7.3.2",
        ["code signing"] = "1.3.6.1.5.5.7.3.3",
        ["email protection"] = "1.3.6.1.5.5.7.3.4",
        ["s/mime"] = "1.3.6.1.5.5.7.3.4",
        ["ipsec end system"] = "1.3.6.1.5.5.7.3.5",
        ["ipsec tunnel"] = "1.3.6.1.5.5.7.3.6",
        ["ipsec user"] = "1.3.6.1.5.5.7.3.7",
        ["timestamping"] = "1.3.6.1.5.5.7.3.8",
        ["ocsp signing"] = "1.3.6.1.5.5.7.3.9",
        ["microsoft sgc"] = "1.3.6.1.4.1.311.10.3.3",
        ["netscape sgc"] = "2.16.840.1.113730.4.1",
    };

    /// <summary>The PEM certificate; throws <see cref="InvalidOperationException"/> with authority.go's reasons.</summary>
    public static string Sign(CertificateRequest request, IList<string> usages, TimeSpan ttl, X509Certificate2 ca, DateTimeOffset now)
    {
        var signerNotAfter = new DateTimeOffset(ca.NotAfter.ToUniversalTime());
        var notBefore = now - Backdate;
        var notAfter = ttl < Short ? now + ttl : now + ttl - Backdate;
        notAfter = notAfter < signerNotAfter ? notAfter : signerNotAfter;
        if (notBefore >= signerNotAfter)
        {
            throw new InvalidOperationException($"the signer has expired: NotAfter={signerNotAfter:u}");
        }
        if (now >= signerNotAfter)
        {
            throw new InvalidOperationException($"refusing to sign a certificate that expired in the past: NotAfter={signerNotAfter:u}");
        }
        var template = new CertificateRequest(request.SubjectName, request.PublicKey, HashAlgorithmName.SHA256);
        template.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var keyUsage = usages.Where(KeyUsages.ContainsKey).Aggregate(X509KeyUsageFlags.None, (all, u) => all | KeyUsages[u]);
        if (keyUsage != X509KeyUsageFlags.None)
        {
            template.CertificateExtensions.Add(new X509KeyUsageExtension(keyUsage, true));
        }
        var extended = new OidCollection();
        foreach (var oid in usages.Where(ExtendedKeyUsages.ContainsKey).Select(u => ExtendedKeyUsages[u]).Distinct())
        {
            extended.Add(new Oid(oid));
        }
        if (extended.Count > 0)
        {
            template.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(extended, false));
        }
        foreach (var san in request.CertificateExtensions.Where(e => e.Oid?.Value == SubjectAltNames.Oid))
        {
            template.CertificateExtensions.Add(san);
        }
        if (ca.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Any())
        {
            template.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        }
        // authority.go draws the serial below MaxInt64.
        var serial = RandomNumberGenerator.GetBytes(8);
        serial[0] &= 0x7f;
        using var certificate = template.Create(ca.SubjectName, Generator(ca), notBefore, notAfter, serial);
        return certificate.ExportCertificatePem() + "\n";
    }

    private static X509SignatureGenerator Generator(X509Certificate2 ca) =>
        ca.GetECDsaPrivateKey() is { } ec ? X509SignatureGenerator.CreateForECDsa(ec)
        : ca.GetRSAPrivateKey() is { } rsa ? X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1)
        : throw new InvalidOperationException("the signing CA has no ECDSA or RSA private key");
}
