using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>core/v1 persistentvolumes (short name pv), cluster-scoped, bound to claims by the PV controller.</summary>
public sealed class PersistentVolumeKind : KindDefinition
{
    public override ResourceType Type { get; } = new("", "v1", "persistentvolumes", "persistentvolume", "PersistentVolume", false, typeof(V1PersistentVolume), ["pv"], None, ["status"]);

    public override RowPrinter Printer { get; } = new PersistentVolumePrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new PersistentVolumeStrategy(Type);
}
