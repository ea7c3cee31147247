using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>storage.k8s.io/v1 csidrivers: what a CSI driver's Helm chart registers (kubelet and the external sidecars read it; none runs here).</summary>
public sealed class CSIDriverKind : KindDefinition
{
    public override ResourceType Type { get; } = new("storage.k8s.io", "v1", "csidrivers", "csidriver", "CSIDriver", false, typeof(V1CSIDriver), None, None, None);

    public override RowPrinter Printer { get; } = new CSIDriverPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new CSIDriverStrategy(Type);
}
