using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>core/v1 nodes.</summary>
public sealed class NodeKind : KindDefinition
{
    public override ResourceType Type { get; } = new("", "v1", "nodes", "node", "Node", false, typeof(V1Node), ["no"], None, ["status"]);

    public override RowPrinter Printer { get; } = new NodePrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IResourceStrategy CreateStrategy() => new NodeStrategy(Type);

    public override IReadOnlyList<SelectableField> SelectableFields { get; } = [new("spec.unschedulable", "spec.unschedulable", Boolean: true)];
}
