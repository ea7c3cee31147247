using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MiniApiServer.Security;

/// <summary>
/// A CA and a serving certificate for 127.0.0.1 and localhost, written once into the data folder and
/// reused on every later start, so a kubeconfig holding the CA keeps working across restarts.
/// </summary>
public static class SelfSignedCertificates
{
    public const string CaCertFile = "ca.crt";
    public const string CaKeyFile = "ca.key";
    public const string ServingCertFile = "apiserver.crt";
    public const string ServingKeyFile = "apiserver.key";

    public static (string CertFile, string KeyFile) Ensure(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var certFile = Path.Combine(dataDirectory, ServingCertFile);
        var keyFile = Path.Combine(dataDirectory, ServingKeyFile);
        if (File.Exists(certFile) && File.Exists(keyFile) && File.Exists(Path.Combine(dataDirectory, CaCertFile)))
        {
            return (certFile, keyFile);
        }
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=miniapiserver-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now, now.AddYears(10));

        using var servingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=miniapiserver", servingKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var serving = request.Create(ca, now, now.AddYears(2), serial);

        WritePrivate(Path.Combine(dataDirectory, CaKeyFile), caKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(dataDirectory, CaCertFile), ca.ExportCertificatePem() + "\n");
        WritePrivate(keyFile, servingKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certFile, serving.ExportCertificatePem() + "\n");
        return (certFile, keyFile);
    }

    private static void WritePrivate(string path, string pem)
    {
        File.WriteAllText(path, pem + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
