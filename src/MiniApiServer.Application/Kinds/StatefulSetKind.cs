using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>apps/v1 statefulsets (short name sts), with the status and scale (autoscaling/v1 Scale) subresources.</summary>
public sealed class StatefulSetKind : KindDefinition
{
    public override ResourceType Type { get; } = new("apps", "v1", "statefulsets", "statefulset", "StatefulSet", true, typeof(V1StatefulSet), ["sts"], All, ["status", "scale"], UsesGeneration: true);

    public override RowPrinter Printer { get; } = new StatefulSetPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new StatefulSetStrategy(Type);

    // ValidateStatefulSetName: a pod's hostname is <set>-<ordinal>, so the set's name must be a DNS label.
    public override string? NameError(string name) => ObjectMetaValidation.LabelNameError(name);
}
