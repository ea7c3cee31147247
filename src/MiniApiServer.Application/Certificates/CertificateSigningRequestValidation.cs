using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Certificates;

/// <summary>
/// pkg/apis/certificates/validation/validation.go for CertificateSigningRequests: the create's rules, and the update's
/// per write path (the object, /status may set the certificate, /approval the Approved and Denied conditions). What an
/// old object already broke is tolerated on its updates, as getValidationOptions does for compatibility.
/// </summary>
public static class CertificateSigningRequestValidation
{
    /// <summary>allValidUsages, sorted as sets.String.List() prints them.</summary>
    public static readonly string[] KnownUsages =
    [
        .. new[]
        {
            "signing", "digital signature", "content commitment", "key encipherment", "key agreement", "data encipherment",
            "cert sign", "crl sign", "encipher only", "decipher only", "any", "server auth", "client auth", "code signing",
            "email protection", "s/mime", "ipsec end system", "ipsec tunnel", "ipsec user", "timestamping", "ocsp signing",
            "microsoft sgc", "netscape sgc",
        }.Order(StringComparer.Ordinal),
    ];

    private static readonly string[] TrueOnlyTypes = [CertificateConditions.Approved, CertificateConditions.Denied, CertificateConditions.Failed];

    public enum WritePath
    {
        Main,
        Status,
        Approval,
    }

    public static void ValidateCreate(V1CertificateSigningRequest csr, FieldErrors errors) => Validate(csr, null, errors);

    public static void ValidateUpdate(V1CertificateSigningRequest csr, V1CertificateSigningRequest old, WritePath path, FieldErrors errors)
    {
        Validate(csr, old, errors);
        foreach (var type in TrueOnlyTypes)
        {
            if (Count(csr, type) < Count(old, type))
            {
                errors.Forbidden("status.conditions", $"updates may not remove a condition of type \"{type}\"");
            }
        }
        if (path != WritePath.Approval)
        {
            foreach (var type in new[] { CertificateConditions.Approved, CertificateConditions.Denied })
            {
                var (now, before) = (Find(csr, type), Find(old, type));
                if (now.Count > before.Count)
                {
                    errors.Forbidden("status.conditions", $"updates may not add a condition of type \"{type}\"");
                }
                else if (now.Count == before.Count && !now.Zip(before).All(p => Semantic.DeepEqual(p.First, p.Second)))
                {
                    // Upstream appends a cmp.Diff, whose output is deliberately unstable; left out.
                    errors.Forbidden("status.conditions", $"updates may not modify a condition of type \"{type}\"\n");
                }
            }
        }
        var (certificate, oldCertificate) = (csr.Status?.Certificate ?? [], old.Status?.Certificate ?? []);
        if (!certificate.AsSpan().SequenceEqual(oldCertificate))
        {
            if (path != WritePath.Status)
            {
                errors.Forbidden("status.certificate", "updates may not set certificate content");
            }
            else if (oldCertificate.Length > 0)
            {
                errors.Forbidden("status.certificate", "updates may not modify existing certificate content");
            }
        }
    }

    private static void Validate(V1CertificateSigningRequest csr, V1CertificateSigningRequest? old, FieldErrors errors)
    {
        var spec = csr.Spec ?? new V1CertificateSigningRequestSpec();
        if (CertificateRequests.Parse(spec.Request).Error is { } requestError)
        {
            errors.Invalid("spec.request", new GoBytes(spec.Request), requestError);
        }
        var usages = spec.Usages ?? [];
        if (usages.Count == 0)
        {
            errors.Required("spec.usages");
        }
        if (old is null || (old.Spec?.Usages ?? []).All(KnownUsages.Contains))
        {
            for (var i = 0; i < usages.Count; i++)
            {
                if (!KnownUsages.Contains(usages[i]))
                {
                    errors.NotSupported($"spec.usages[{i}]", usages[i], KnownUsages);
                }
            }
        }
        if (old is null || (old.Spec?.Usages ?? []).Distinct().Count() == (old.Spec?.Usages?.Count ?? 0))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < usages.Count; i++)
            {
                if (!seen.Add(usages[i]))
                {
                    errors.Duplicate($"spec.usages[{i}]", usages[i]);
                }
            }
        }
        var signerName = spec.SignerName ?? "";
        if (signerName == SignerNames.LegacyUnknown && old?.Spec?.SignerName != SignerNames.LegacyUnknown)
        {
            errors.Invalid("spec.signerName", signerName, "the legacy signerName is not allowed via this API version");
        }
        else
        {
            SignerNames.Validate("spec.signerName", signerName, errors);
        }
        if (spec.ExpirationSeconds is { } seconds && seconds < 600)
        {
            errors.Invalid("spec.expirationSeconds", seconds, "may not specify a duration less than 600 seconds (10 minutes)");
        }
        ValidateConditions(csr, old, errors);
        var certificate = csr.Status?.Certificate ?? [];
        var unchanged = old is not null && certificate.AsSpan().SequenceEqual(old.Status?.Certificate ?? []);
        var oldBroken = old is not null && CertificateError(old.Status?.Certificate) is not null;
        if (!unchanged && !oldBroken && CertificateError(certificate) is { } certificateError)
        {
            errors.Invalid("status.certificate", "<certificate data>", certificateError);
        }
    }

    private static void ValidateConditions(V1CertificateSigningRequest csr, V1CertificateSigningRequest? old, FieldErrors errors)
    {
        var conditions = csr.Status?.Conditions ?? [];
        var oldConditions = old?.Status?.Conditions ?? [];
        var allowEmptyType = oldConditions.Any(c => string.IsNullOrEmpty(c.Type));
        var allowDuplicates = oldConditions.Select(c => c.Type).Distinct().Count() < oldConditions.Count;
        var allowBoth = oldConditions.Any(c => c.Type == CertificateConditions.Approved) && oldConditions.Any(c => c.Type == CertificateConditions.Denied);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var (approved, denied) = (false, false);
        for (var i = 0; i < conditions.Count; i++)
        {
            var (type, status) = (conditions[i].Type ?? "", conditions[i].Status ?? "");
            var field = $"status.conditions[{i}]";
            if (!allowEmptyType && type.Length == 0)
            {
                errors.Required($"{field}.type");
            }
            string[] allowed = TrueOnlyTypes.Contains(type) ? ["True"] : ["False", "True", "Unknown"];
            if (status.Length == 0)
            {
                errors.Required($"{field}.status");
            }
            else if (!allowed.Contains(status))
            {
                errors.NotSupported($"{field}.status", status, allowed);
            }
            if (!allowBoth && type is CertificateConditions.Approved or CertificateConditions.Denied)
            {
                approved |= type == CertificateConditions.Approved;
                denied |= type == CertificateConditions.Denied;
                if (approved && denied)
                {
                    errors.Invalid($"{field}.type", type, "Approved and Denied conditions are mutually exclusive");
                }
            }
            if (!allowDuplicates && !seen.Add(type))
            {
                errors.Duplicate($"{field}.type", type);
            }
        }
    }

    /// <summary>validateCertificate: empty, or only CERTIFICATE blocks without headers that each parse.</summary>
    public static string? CertificateError(byte[]? pem)
    {
        if (pem is not { Length: > 0 })
        {
            return null;
        }
        var text = Encoding.UTF8.GetString(pem).AsSpan();
        var blocks = 0;
        while (PemEncoding.TryFind(text, out var fields))
        {
            var label = text[fields.Label].ToString();
            if (label != "CERTIFICATE")
            {
                return $"only CERTIFICATE PEM blocks are allowed, found \"{label}\"";
            }
            blocks++;
            try
            {
                using var _ = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(text[fields.Base64Data].ToString()));
            }
            catch (CryptographicException ex)
            {
                return ex.Message;
            }
            text = text[fields.Location.End..];
        }
        return blocks == 0 ? "must contain at least one CERTIFICATE PEM block" : null;
    }

    private static int Count(V1CertificateSigningRequest csr, string type) => Find(csr, type).Count;

    private static List<V1CertificateSigningRequestCondition> Find(V1CertificateSigningRequest csr, string type) =>
        [.. (csr.Status?.Conditions ?? []).Where(c => c.Type == type)];
}
