using System.Security.Cryptography.X509Certificates;
using k8s.Models;
using MiniApiServer.Application.Certificates;

namespace MiniApiServer.Controllers.Certificates;

/// <summary>
/// pkg/controller/certificates/signer/signer.go's decisions, apart from acting on them: which requests a signer
/// handles, which of those it must fail (isKubeletServing, isKubeletClient, isKubeAPIServerClient with
/// pkg/apis/certificates/helpers.go), and for how long it signs.
/// </summary>
public static class CsrSigningPolicy
{
    public static readonly string[] Signers = [SignerNames.KubeApiServerClient, SignerNames.KubeApiServerClientKubelet, SignerNames.KubeletServing, SignerNames.LegacyUnknown];

    public const string FailureReason = "SignerValidationFailure";

    private static readonly TimeSpan MinDuration = TimeSpan.FromMinutes(10);

    /// <summary>handle's guard, plus the certificate a retried sync may already have written: approved, not failed, ours, unissued.</summary>
    public static bool Wants(V1CertificateSigningRequest csr) =>
        CertificateConditions.IsApproved(csr) && !CertificateConditions.HasTrue(csr, CertificateConditions.Failed)
        && Signers.Contains(csr.Spec?.SignerName) && csr.Status?.Certificate is not { Length: > 0 };

    /// <summary>Why the signer refuses the request (the Failed condition's message), or null when it signs.</summary>
    public static string? Violation(string signerName, X500DistinguishedName subject, SubjectAltNames names, IList<string>? usages)
    {
        var set = (usages ?? []).ToHashSet(StringComparer.Ordinal);
        return signerName switch
        {
            SignerNames.KubeletServing => KubeletServing(subject, names, set),
            SignerNames.KubeApiServerClientKubelet => KubeletClient(subject, names, set),
            SignerNames.KubeApiServerClient => ApiServerClient(usages ?? []),
            _ => null,
        };
    }

    /// <summary>duration: the request's expirationSeconds within ten minutes and the signer's maximum.</summary>
    public static TimeSpan Duration(int? expirationSeconds, TimeSpan maximum)
    {
        if (expirationSeconds is not { } seconds)
        {
            return maximum;
        }
        var requested = TimeSpan.FromSeconds(seconds);
        return requested > maximum ? maximum : requested < MinDuration ? MinDuration : requested;
    }

    private static string? KubeletServing(X500DistinguishedName subject, SubjectAltNames names, HashSet<string> usages)
    {
        if (!usages.SetEquals(["digital signature", "key encipherment", "server auth"]) && !usages.SetEquals(["digital signature", "server auth"]))
        {
            return "usages did not match [digital signature key encipherment server auth]";
        }
        return NodeSubject(subject) ?? (names.Dns == 0 && names.Ip == 0 ? "DNS or IP subjectAltName is required"
            : names.Email > 0 ? "Email subjectAltNames are not allowed"
            : names.Uri > 0 ? "URI subjectAltNames are not allowed"
            : null);
    }

    private static string? KubeletClient(X500DistinguishedName subject, SubjectAltNames names, HashSet<string> usages)
    {
        // ValidateKubeletClientCSR's order: organization, then no subjectAltNames at all, then the common name, then usages.
        if (!CertificateRequests.Organizations(subject).SequenceEqual(["system:nodes"]))
        {
            return "subject organization is not system:nodes";
        }
        var refusal = names.Dns > 0 ? "DNS subjectAltNames are not allowed"
            : names.Email > 0 ? "Email subjectAltNames are not allowed"
            : names.Ip > 0 ? "IP subjectAltNames are not allowed"
            : names.Uri > 0 ? "URI subjectAltNames are not allowed"
            : NodeSubject(subject);
        if (refusal is not null)
        {
            return refusal;
        }
        return usages.SetEquals(["digital signature", "key encipherment", "client auth"]) || usages.SetEquals(["digital signature", "client auth"])
            ? null
            : "usages did not match [client auth digital signature key encipherment]";
    }

    private static string? NodeSubject(X500DistinguishedName subject) =>
        !CertificateRequests.Organizations(subject).SequenceEqual(["system:nodes"]) ? "subject organization is not system:nodes"
        : !(CertificateRequests.CommonNames(subject).FirstOrDefault() ?? "").StartsWith("system:node:", StringComparison.Ordinal) ? "subject common name does not begin with system:node:"
        : null;

    /// <summary>validAPIServerClientUsages: client auth required, digital signature and key encipherment allowed.</summary>
    private static string? ApiServerClient(IList<string> usages)
    {
        foreach (var usage in usages)
        {
            if (usage is not ("digital signature" or "key encipherment" or "client auth"))
            {
                return $"invalid usage for client certificate: {usage}";
            }
        }
        return usages.Contains("client auth") ? null : "missing required usage for client certificate: client auth";
    }
}
