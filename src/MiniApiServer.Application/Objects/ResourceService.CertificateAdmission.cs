using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Certificates;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Webhooks;

namespace MiniApiServer.Application.Objects;

/// <summary>
/// What kube-apiserver does to CertificateSigningRequests beyond their strategy: the requester's identity on create
/// (strategy.go PrepareForCreate, which reads the request's user), and the admission plugins CertificateApproval,
/// CertificateSigning and CertificateSubjectRestriction (plugin/pkg/admission/certificates), on by default.
/// </summary>
public sealed partial class ResourceService
{
    /// <summary>
    /// The authorizer as certificates.IsAuthorizedForSignerName asks it: may the user <c>verb</c> the signer (a
    /// <c>signers</c> resource of certificates.k8s.io named by the signerName, or by its domain and "/*")? Unset, every
    /// user may, as with authorization off.
    /// </summary>
    public Func<AdmissionUser, string, string, CancellationToken, ValueTask<bool>>? SignerAuthorizer { get; set; }

    private void AdmitCertificateSigningRequestCreate(ResourceType type, JsonObject obj, AdmissionUser? user)
    {
        if (type != registry.CertificateSigningRequests)
        {
            return;
        }
        var spec = obj["spec"] as JsonObject ?? [];
        obj["spec"] = spec;
        // Whatever the body says, the requester is who sent it.
        spec.Remove("username");
        spec.Remove("uid");
        spec.Remove("groups");
        spec.Remove("extra");
        if (user is not null)
        {
            spec["username"] = user.Username;
            if (user.Uid.Length > 0)
            {
                spec["uid"] = user.Uid;
            }
            spec["groups"] = new JsonArray([.. user.Groups.Select(g => (JsonNode)g)]);
            if (user.Extra.Count > 0)
            {
                spec["extra"] = new JsonObject(user.Extra.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)new JsonArray([.. e.Value.Select(v => (JsonNode)v)]))));
            }
        }
        var signer = (spec["signerName"] as JsonValue)?.TryGetValue<string>(out var s) == true ? s : "";
        RestrictSubject(ForbiddenName(ObjectMeta.Of(obj)), signer, RequestBytes(spec));
    }

    /// <see cref="AdmitCertificateSigningRequestCreate(ResourceType, JsonObject, AdmissionUser?)"/> on a decoded body.
    private static void AdmitCertificateSigningRequestCreate(object model, AdmissionUser? user)
    {
        if (model is not V1CertificateSigningRequest csr)
        {
            return;
        }
        var spec = csr.Spec ??= new V1CertificateSigningRequestSpec();
        spec.Username = user?.Username;
        spec.Uid = user?.Uid is { Length: > 0 } uid ? uid : null;
        spec.Groups = user is null ? null : [.. user.Groups];
        spec.Extra = user is { Extra.Count: > 0 } ? user.Extra.ToDictionary(e => e.Key, e => (IList<string>)[.. e.Value]) : null;
        RestrictSubject(csr.Metadata?.Name is { Length: > 0 } name ? name : csr.Metadata?.GenerateName ?? "", spec.SignerName ?? "", spec.Request);
    }

    /// <summary>
    /// CertificateSubjectRestriction: a kube-apiserver-client certificate for system:masters would bypass authorization.
    /// A request that does not parse is left for validation's 422.
    /// </summary>
    private static void RestrictSubject(string name, string signer, byte[]? pem)
    {
        if (signer == SignerNames.KubeApiServerClient && CertificateRequests.Parse(pem).Request is { } request
            && CertificateRequests.Organizations(request.SubjectName).Contains("system:masters"))
        {
            throw CsrForbidden(name, $"use of {signer} signer with system:masters group is not allowed");
        }
    }

    /// <summary>
    /// CertificateApproval on /approval and CertificateSigning on /status, both against the stored request's signer: the
    /// approver needs <c>approve</c> on it, whoever sets or changes status.certificate needs <c>sign</c>.
    /// </summary>
    private async Task AdmitCertificateSigningRequestUpdateAsync(ResourceType type, JsonObject prepared, JsonObject current, bool statusOnly, WriteOptions options)
    {
        if (type != registry.CertificateSigningRequests || options.User is not { } user || SignerAuthorizer is not { } authorize)
        {
            return;
        }
        var verb = options.Subresource == CertificateSigningRequestStrategy.ApprovalSubresource ? "approve"
            : statusOnly && !JsonNode.DeepEquals(prepared["status"]?["certificate"], current["status"]?["certificate"]) ? "sign"
            : null;
        if (verb is null)
        {
            return;
        }
        var signer = current["spec"]?["signerName"]?.GetValue<string>() ?? "";
        if (!await authorize(user, verb, signer, CancellationToken.None).ConfigureAwait(false))
        {
            throw CsrForbidden(ObjectMeta.Str(ObjectMeta.Of(current), "name") ?? "", $"user not permitted to {verb} requests with signerName \"{signer}\"");
        }
    }

    private static byte[]? RequestBytes(JsonObject spec)
    {
        try
        {
            return (spec["request"] as JsonValue)?.TryGetValue<string>(out var b64) == true ? Convert.FromBase64String(b64) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static ApiException CsrForbidden(string name, string reason) =>
        new(403, "Forbidden", $"certificatesigningrequests.certificates.k8s.io \"{name}\" is forbidden: {reason}")
        {
            Details = new StatusDetails(name, "certificates.k8s.io", "certificatesigningrequests"),
        };
}
