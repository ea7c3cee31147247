using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>
/// core/v1 replicationcontrollers (pkg/registry/core/replicationcontroller/storage/storage.go), with the status and
/// scale (autoscaling/v1 Scale) subresources; status.replicas is a field selector (ControllerToSelectableFields).
/// </summary>
public sealed class ReplicationControllerKind : KindDefinition
{
    public override ResourceType Type { get; } = new("", "v1", "replicationcontrollers", "replicationcontroller", "ReplicationController", true, typeof(V1ReplicationController), ["rc"], All, ["status", "scale"], UsesGeneration: true);

    public override RowPrinter Printer { get; } = new ReplicationControllerPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [new("status.replicas", "status.replicas", Integer: true)];

    public override IResourceStrategy CreateStrategy() => new ReplicationControllerStrategy(Type);
}
