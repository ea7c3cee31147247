using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>v1 endpoints (kubectl describe service reads them), kept by the EndpointSlice controller next to the slices.</summary>
public sealed class EndpointsKind : KindDefinition
{
    public override ResourceType Type { get; } = new("", "v1", "endpoints", "endpoints", "Endpoints", true, typeof(V1Endpoints), ["ep"], None, None);

    public override RowPrinter Printer { get; } = new EndpointsPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new EndpointsStrategy(Type);
}
