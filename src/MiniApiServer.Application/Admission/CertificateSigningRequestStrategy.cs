using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Certificates;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using WritePath = MiniApiServer.Application.Certificates.CertificateSigningRequestValidation.WritePath;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/certificates/certificates/strategy.go: a request's spec never changes after its create, which clears
/// the status (no pre-approved requests); /status may set the certificate and conditions other than Approved and Denied,
/// /approval only the conditions other than Failed. The requester's identity is written by admission, which knows the
/// user (<see cref="Objects.ResourceService"/>).
/// </summary>
public sealed class CertificateSigningRequestStrategy(ResourceType type) : TypedStrategy<V1CertificateSigningRequest>(type)
{
    public const string ApprovalSubresource = "approval";

    protected override void PrepareForCreate(V1CertificateSigningRequest csr, DateTimeOffset now) =>
        csr.Status = new V1CertificateSigningRequestStatus();

    protected override void PrepareForUpdate(V1CertificateSigningRequest csr, V1CertificateSigningRequest old, bool statusOnly)
    {
        csr.Spec = old.Spec;
        if (!statusOnly)
        {
            csr.Status = old.Status;
            return;
        }
        // csrStatusStrategy: the approval conditions are approval's concern, so a status write keeps the old ones.
        csr.Status ??= new V1CertificateSigningRequestStatus();
        PreserveConditionInstances(csr, old, CertificateConditions.Approved);
        PreserveConditionInstances(csr, old, CertificateConditions.Denied);
        PopulateConditionTimestamps(csr, old, DateTime.UtcNow);
    }

    protected override void ValidateCreate(V1CertificateSigningRequest csr, FieldErrors errors) =>
        CertificateSigningRequestValidation.ValidateCreate(csr, errors);

    protected override void ValidateUpdate(V1CertificateSigningRequest csr, V1CertificateSigningRequest old, FieldErrors errors) =>
        CertificateSigningRequestValidation.ValidateUpdate(csr, old, WritePath.Main, errors);

    protected override void ValidateStatusUpdate(V1CertificateSigningRequest csr, V1CertificateSigningRequest old, FieldErrors errors) =>
        CertificateSigningRequestValidation.ValidateUpdate(csr, old, WritePath.Status, errors);

    /// <summary>csrApprovalStrategy: the stored request with the body's conditions, its Failed ones kept as stored.</summary>
    public JsonObject AdmitApprovalUpdate(JsonObject obj, JsonObject old, FieldErrors errors)
    {
        var csr = ModelCodec.Decode<V1CertificateSigningRequest>(CarryOver(obj, old, statusOnly: true));
        var oldCsr = ModelCodec.Decode<V1CertificateSigningRequest>(old);
        csr.Spec = oldCsr.Spec;
        csr.Status ??= new V1CertificateSigningRequestStatus();
        csr.Status.Certificate = oldCsr.Status?.Certificate;
        PreserveConditionInstances(csr, oldCsr, CertificateConditions.Failed);
        PopulateConditionTimestamps(csr, oldCsr, DateTime.UtcNow);
        CertificateSigningRequestValidation.ValidateUpdate(csr, oldCsr, WritePath.Approval, errors);
        return ModelCodec.Encode(csr);
    }

    /// <summary>preserveConditionInstances: the old instances of a type stand, unless the write added or removed one.</summary>
    private static void PreserveConditionInstances(V1CertificateSigningRequest csr, V1CertificateSigningRequest old, string type)
    {
        var conditions = csr.Status.Conditions ?? [];
        var oldConditions = old.Status?.Conditions ?? [];
        var (indices, oldIndices) = (IndicesOf(conditions, type), IndicesOf(oldConditions, type));
        if (indices.Count != oldIndices.Count)
        {
            return;
        }
        for (var i = 0; i < indices.Count; i++)
        {
            conditions[indices[i]] = oldConditions[oldIndices[i]];
        }
    }

    /// <summary>
    /// populateConditionTimestamps: a condition without lastUpdateTime is updated now; one without lastTransitionTime
    /// keeps the old one of its type and status, or transitions now.
    /// </summary>
    public static void PopulateConditionTimestamps(V1CertificateSigningRequest csr, V1CertificateSigningRequest old, DateTime now)
    {
        now = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        foreach (var condition in csr.Status?.Conditions ?? [])
        {
            condition.LastUpdateTime ??= now;
            condition.LastTransitionTime ??= (old.Status?.Conditions ?? [])
                .FirstOrDefault(o => o.Type == condition.Type && o.Status == condition.Status && o.LastTransitionTime is not null)?.LastTransitionTime ?? now;
        }
    }

    private static List<int> IndicesOf(IList<V1CertificateSigningRequestCondition> conditions, string type) =>
        [.. Enumerable.Range(0, conditions.Count).Where(i => conditions[i].Type == type)];
}
