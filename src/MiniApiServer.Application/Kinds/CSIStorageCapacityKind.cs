using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>storage.k8s.io/v1 csistoragecapacities, namespaced: what an external provisioner publishes (stored only: the scheduler here does not read them).</summary>
public sealed class CSIStorageCapacityKind : KindDefinition
{
    public override ResourceType Type { get; } = new("storage.k8s.io", "v1", "csistoragecapacities", "csistoragecapacity", "CSIStorageCapacity", true, typeof(V1CSIStorageCapacity), None, None, None);

    public override RowPrinter Printer { get; } = new CSIStorageCapacityPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new CSIStorageCapacityStrategy(Type);
}
