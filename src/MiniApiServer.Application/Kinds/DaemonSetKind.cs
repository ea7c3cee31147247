using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>apps/v1 daemonsets.</summary>
public sealed class DaemonSetKind : KindDefinition
{
    public override ResourceType Type { get; } = new("apps", "v1", "daemonsets", "daemonset", "DaemonSet", true, typeof(V1DaemonSet), ["ds"], All, ["status"], UsesGeneration: true);

    public override RowPrinter Printer { get; } = new DaemonSetPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new DaemonSetStrategy(Type);
}
