using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MiniApiServer.Controllers.Certificates;

/// <summary>
/// The CA the csrsigning controllers sign with (kube-controller-manager's --cluster-signing-cert-file and
/// --cluster-signing-key-file) and the longest certificate they issue (--cluster-signing-duration, a year by default).
/// Loaded on first use, so a server that is never asked to sign never reads or creates a key.
/// </summary>
public sealed class ClusterSigningAuthority(Func<X509Certificate2> load, TimeSpan duration)
{
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromDays(365);

    // PublicationOnly: a load that failed (a file half-written by another process) is tried again on the next use,
    // where ExecutionAndPublication would keep the exception until a restart.
    private readonly Lazy<X509Certificate2> _ca = new(load, LazyThreadSafetyMode.PublicationOnly);

    public X509Certificate2 Certificate => _ca.Value;

    public TimeSpan Duration => duration;

    public static X509Certificate2 LoadFiles(string certFile, string keyFile) => X509Certificate2.CreateFromPemFile(certFile, keyFile);

    /// <summary>The files in <paramref name="directory"/>, created once as a new CA when they are not there yet.</summary>
    public static X509Certificate2 LoadOrCreate(string directory, string certName, string keyName)
    {
        var (certFile, keyFile) = (Path.Combine(directory, certName), Path.Combine(directory, keyName));
        if (!File.Exists(certFile) || !File.Exists(keyFile))
        {
            Directory.CreateDirectory(directory);
            using var ca = Create();
            using var key = ca.GetECDsaPrivateKey()!;
            // The key is never readable by others, not even between its creation and a chmod; each file appears whole.
            WriteAtomically(keyFile, key.ExportPkcs8PrivateKeyPem() + "\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
            WriteAtomically(certFile, ca.ExportCertificatePem() + "\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        return LoadFiles(certFile, keyFile);
    }

    private static void WriteAtomically(string path, string text, UnixFileMode mode)
    {
        var temp = path + ".tmp-" + Environment.ProcessId;
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }
        using (var stream = new FileStream(temp, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>A new self-signed signing CA, valid ten years.</summary>
    public static X509Certificate2 Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=miniapiserver-csr-signer", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        return request.CreateSelfSigned(now, now.AddYears(10));
    }
}
