using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s.Models;
using MiniApiServer.Application.Certificates;

namespace MiniApiServer.Controllers.Certificates;

/// <summary>
/// pkg/controller/certificates/cleaner/cleaner.go's rules: an approved request whose certificate (the first of the
/// chain) has expired goes at once; an issued one an hour after its Approved condition was last updated; a Denied or
/// Failed one an hour after that condition; one with no condition at all a day after its creation. An approved
/// request that was never issued (an out-of-tree signer's) stays.
/// </summary>
public static class CsrCleanupPolicy
{
    private static readonly TimeSpan DecidedExpiration = TimeSpan.FromHours(1);
    private static readonly TimeSpan PendingExpiration = TimeSpan.FromHours(24);

    public static bool IsStale(V1CertificateSigningRequest csr, DateTime now)
    {
        var conditions = csr.Status?.Conditions ?? [];
        var issued = csr.Status?.Certificate is { Length: > 0 };
        bool PastDeadline(string type) =>
            conditions.Any(c => c.Type == type && c.LastUpdateTime is { } updated && updated.ToUniversalTime() + DecidedExpiration < now);
        return (issued && PastDeadline(CertificateConditions.Approved))
            || PastDeadline(CertificateConditions.Denied)
            || PastDeadline(CertificateConditions.Failed)
            || (conditions.Count == 0 && csr.Metadata?.CreationTimestamp is { } created && created.ToUniversalTime() + PendingExpiration < now)
            || (issued && conditions.Any(c => c.Type == CertificateConditions.Approved) && FirstCertificateExpired(csr.Status!.Certificate, now));
    }

    /// <summary>isIssuedExpired reads the first certificate of the issued PEM (pki.ParseCertsPEM's certs[0]).</summary>
    private static bool FirstCertificateExpired(byte[] pem, DateTime now)
    {
        try
        {
            using var first = X509Certificate2.CreateFromPem(Encoding.UTF8.GetString(pem));
            return first.NotAfter.ToUniversalTime() < now;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
