using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>coordination.k8s.io/v1 leases.</summary>
public sealed class LeaseKind : KindDefinition
{
    public override ResourceType Type { get; } = new("coordination.k8s.io", "v1", "leases", "lease", "Lease", true, typeof(V1Lease), None, None, None);

    public override RowPrinter Printer { get; } = new LeasePrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new LeaseStrategy(Type);
}
