using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>node.k8s.io/v1 runtimeclasses, which the RuntimeClass admission plugin resolves pods' runtimeClassName against.</summary>
public sealed class RuntimeClassKind : KindDefinition
{
    public override ResourceType Type { get; } = new("node.k8s.io", "v1", "runtimeclasses", "runtimeclass", "RuntimeClass", false, typeof(V1RuntimeClass), None, None, None);

    public override RowPrinter Printer { get; } = new RuntimeClassPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new RuntimeClassStrategy(Type);
}
