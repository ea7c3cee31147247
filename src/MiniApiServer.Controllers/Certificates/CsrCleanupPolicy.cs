using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s.Models;
using MiniApiServer.Application.Certificates;

namespace MiniApiServer.Controllers.Certificates;

/// <summary>
/// pkg/controller/certificates/cleaner/cleaner.go's rules: an issued certificate past its NotAfter goes at once; an
/// Approved, Denied or Failed request an hour after that condition was last updated; one still pending a day after
/// its creation.
/// </summary>
public static class CsrCleanupPolicy
{
    private static readonly TimeSpan DecidedExpiration = TimeSpan.FromHours(1);
    private static readonly TimeSpan PendingExpiration = TimeSpan.FromHours(24);

    public static bool IsStale(V1CertificateSigningRequest csr, DateTime now)
    {
        var conditions = csr.Status?.Conditions ?? [];
        if (IssuedExpired(csr.Status?.Certificate, now))
        {
            return true;
        }
        foreach (var type in new[] { CertificateConditions.Approved, CertificateConditions.Denied, CertificateConditions.Failed })
        {
            if (conditions.Any(c => c.Type == type && c.LastUpdateTime is { } updated && updated.ToUniversalTime() + DecidedExpiration < now))
            {
                return true;
            }
        }
        var decided = conditions.Any(c => c.Type is CertificateConditions.Approved or CertificateConditions.Denied);
        return !decided && csr.Metadata?.CreationTimestamp is { } created && created.ToUniversalTime() + PendingExpiration < now;
    }

    /// <summary>isIssuedExpired: any certificate of the issued chain that has expired.</summary>
    private static bool IssuedExpired(byte[]? pem, DateTime now)
    {
        if (pem is not { Length: > 0 })
        {
            return false;
        }
        try
        {
            var certificates = new X509Certificate2Collection();
            certificates.ImportFromPem(Encoding.UTF8.GetString(pem));
            return certificates.Any(c => c.NotAfter.ToUniversalTime() < now);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
