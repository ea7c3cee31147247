using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MiniApiServer.IntegrationTests.Security;

/// <summary>A throwaway client CA and client certificates (CN = user, O = groups) for x509 authentication tests.</summary>
public sealed class TestCertificates : IDisposable
{
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestCertificates()
    {
        var request = new CertificateRequest("CN=test-client-ca", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature, true));
        Ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2));
    }

    public X509Certificate2 Ca { get; }

    public string WriteCa(string directory)
    {
        var path = Path.Combine(directory, "client-ca.crt");
        File.WriteAllText(path, Ca.ExportCertificatePem());
        return path;
    }

    /// <summary>The CA's key beside <see cref="WriteCa"/>'s file, for a server that signs with this CA.</summary>
    public string WriteCaKey(string directory)
    {
        var path = Path.Combine(directory, "client-ca.key");
        File.WriteAllText(path, _caKey.ExportPkcs8PrivateKeyPem());
        return path;
    }

    public X509Certificate2 Client(string user, params string[] groups)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        foreach (var g in groups)
        {
            subject.AddOrganizationName(g);
        }
        subject.AddCommonName(user);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.2")], false));
        using var cert = request.Create(Ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(8));
        // Export and re-import so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(cert.CopyWithPrivateKey(key).Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        Ca.Dispose();
        _caKey.Dispose();
    }
}
