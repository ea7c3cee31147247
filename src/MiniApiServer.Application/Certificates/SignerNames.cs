using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Certificates;

/// <summary>The well-known signers (k8s.io/api/certificates/v1 types.go) and ValidateSignerName (pkg/apis/core/validation).</summary>
public static class SignerNames
{
    public const string KubeApiServerClient = "kubernetes.io/kube-apiserver-client";
    public const string KubeApiServerClientKubelet = "kubernetes.io/kube-apiserver-client-kubelet";
    public const string KubeletServing = "kubernetes.io/kubelet-serving";
    public const string LegacyUnknown = "kubernetes.io/legacy-unknown";

    private const int SubdomainMaxLength = 253;

    public static void Validate(string field, string signerName, FieldErrors errors)
    {
        if (signerName.Length == 0)
        {
            errors.Required(field);
            return;
        }
        var segments = signerName.Split('/');
        if (segments.Length != 2)
        {
            // Upstream stops here: a missing or repeated path segment says nothing more useful.
            errors.Invalid(field, signerName, "must be a fully qualified domain and path of the form 'example.com/signer-name'");
            return;
        }
        var (domain, path) = (segments[0], segments[1]);
        if (domain.Length > SubdomainMaxLength)
        {
            errors.TooLong(field, SubdomainMaxLength);
        }
        var labels = domain.Split('.');
        foreach (var label in labels)
        {
            // Each label at most 63 characters; the first bad one alone is reported, as upstream breaks there.
            if (ObjectMetaValidation.LabelNameError(label) is { } error)
            {
                errors.Invalid(field, domain, $"validating label \"{label}\": {error}");
                break;
            }
        }
        if (labels.Length < 2)
        {
            errors.Invalid(field, domain, "should be a domain with at least two segments separated by dots");
        }
        // A path is meant to hold <namespace>.<name>: a label, a dot and a subdomain (571 characters in all).
        const int maxPath = SubdomainMaxLength + 63 + 1;
        if (path.Length > maxPath)
        {
            errors.TooLong(field, maxPath);
        }
        foreach (var part in path.Split('.'))
        {
            if (ObjectMetaValidation.SubdomainError(part) is { } error)
            {
                errors.Invalid(field, path, $"validating component \"{part}\": {error}");
                break;
            }
        }
    }

    /// <summary>certificates.IsAuthorizedForSignerName's second ask: the signer's domain with "/*".</summary>
    public static string Wildcard(string signerName) => signerName.Split('/')[0] + "/*";
}
