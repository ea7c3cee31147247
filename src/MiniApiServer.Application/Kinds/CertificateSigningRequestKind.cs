using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>
/// certificates.k8s.io/v1 certificatesigningrequests, which kube-controller-manager's csrsigning controllers issue
/// certificates for once approved through /approval.
/// </summary>
public sealed class CertificateSigningRequestKind : KindDefinition
{
    public override ResourceType Type { get; } = new("certificates.k8s.io", "v1", "certificatesigningrequests", "certificatesigningrequest",
        "CertificateSigningRequest", false, typeof(V1CertificateSigningRequest), ["csr"], None, [CertificateSigningRequestStrategy.ApprovalSubresource, "status"]);

    public override RowPrinter Printer { get; } = new CertificateSigningRequestPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    /// <summary>strategy.go SelectableFields: signers select their requests by name (kubectl get csr --field-selector).</summary>
    public override IReadOnlyList<SelectableField> SelectableFields => [new("spec.signerName")];

    public override IResourceStrategy CreateStrategy() => new CertificateSigningRequestStrategy(Type);

    /// <summary>ValidateCertificateRequestName accepts any name; only what a URL path can carry is refused.</summary>
    public override string? NameError(string name) => ObjectMetaValidation.PathSegmentNameError(name);
}
