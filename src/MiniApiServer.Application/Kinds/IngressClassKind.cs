using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>networking.k8s.io/v1 ingressclasses; the default one is what the DefaultIngressClass admission plugin reads.</summary>
public sealed class IngressClassKind : KindDefinition
{
    public override ResourceType Type { get; } = new("networking.k8s.io", "v1", "ingressclasses", "ingressclass", "IngressClass", false, typeof(V1IngressClass), None, None, None, UsesGeneration: true);

    public override RowPrinter Printer { get; } = new IngressClassPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new IngressClassStrategy(Type);
}
