using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>networking.k8s.io/v1 ingresses (short name ing), stored and served only: no ingress controller runs here.</summary>
public sealed class IngressKind : KindDefinition
{
    public override ResourceType Type { get; } = new("networking.k8s.io", "v1", "ingresses", "ingress", "Ingress", true, typeof(V1Ingress), ["ing"], None, ["status"], UsesGeneration: true);

    public override RowPrinter Printer { get; } = new IngressPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new IngressStrategy(Type);
}
