using MiniApiServer.Controllers.Certificates;

namespace MiniApiServer.Security;

/// <summary>
/// kube-controller-manager's --cluster-signing-cert-file, --cluster-signing-key-file and --cluster-signing-duration.
/// Without the files the cluster's CA signs when the server made one (--tls-self-signed), as a kubeadm cluster's
/// ca.crt does; otherwise a signing CA is created beside the database on first use and kept there.
/// </summary>
public static class ClusterSigningSetup
{
    public const string CertFileName = "csr-signing-ca.crt";
    public const string KeyFileName = "csr-signing-ca.key";

    public static ClusterSigningAuthority From(IConfiguration config, SecurityOptions options, string db)
    {
        var (certFile, keyFile) = (config["cluster-signing-cert-file"], config["cluster-signing-key-file"]);
        if (string.IsNullOrEmpty(certFile) != string.IsNullOrEmpty(keyFile))
        {
            throw new ArgumentException("--cluster-signing-cert-file and --cluster-signing-key-file must be given together");
        }
        var duration = config["cluster-signing-duration"] is { Length: > 0 } d ? Application.Cron.GoDuration.Parse(d) : ClusterSigningAuthority.DefaultDuration;
        var dataDirectory = SecurityOptions.DataDirectory(db);
        Func<System.Security.Cryptography.X509Certificates.X509Certificate2> load =
            !string.IsNullOrEmpty(certFile) ? () => ClusterSigningAuthority.LoadFiles(certFile, keyFile!)
            : options.TlsSelfSigned ? () => ClusterSigningAuthority.LoadFiles(Path.Combine(dataDirectory, SelfSignedCertificates.CaCertFile), Path.Combine(dataDirectory, SelfSignedCertificates.CaKeyFile))
            : Storage.Postgres.PostgresConnectionString.IsPostgres(db) ? ClusterSigningAuthority.Create
            : () => ClusterSigningAuthority.LoadOrCreate(dataDirectory, CertFileName, KeyFileName);
        return new ClusterSigningAuthority(load, duration);
    }
}
