using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>storage.k8s.io/v1 csinodes: the drivers a node's kubelet registered (stored only: the simulated kubelet registers none).</summary>
public sealed class CSINodeKind : KindDefinition
{
    public override ResourceType Type { get; } = new("storage.k8s.io", "v1", "csinodes", "csinode", "CSINode", false, typeof(V1CSINode), None, None, None);

    public override RowPrinter Printer { get; } = new CSINodePrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new CSINodeStrategy(Type);
}
