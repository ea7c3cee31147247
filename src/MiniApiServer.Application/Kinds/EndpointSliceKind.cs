using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>discovery.k8s.io/v1 endpointslices, written by the EndpointSlice controller.</summary>
public sealed class EndpointSliceKind : KindDefinition
{
    public override ResourceType Type { get; } = new("discovery.k8s.io", "v1", "endpointslices", "endpointslice", "EndpointSlice", true, typeof(V1EndpointSlice), None, None, None);

    public override RowPrinter Printer { get; } = new EndpointSlicePrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new EndpointSliceStrategy(Type);
}
