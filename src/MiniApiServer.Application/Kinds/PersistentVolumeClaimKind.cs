using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>core/v1 persistentvolumeclaims (short name pvc): bound to volumes by the PV controller, provisioned through their class.</summary>
public sealed class PersistentVolumeClaimKind : KindDefinition
{
    public override ResourceType Type { get; } = new("", "v1", "persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true, typeof(V1PersistentVolumeClaim), ["pvc"], None, ["status"]);

    public override RowPrinter Printer { get; } = new PersistentVolumeClaimPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new PersistentVolumeClaimStrategy(Type);
}
