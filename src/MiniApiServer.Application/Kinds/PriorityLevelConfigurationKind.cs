using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>flowcontrol.apiserver.k8s.io/v1 prioritylevelconfigurations with /status: stored and kept by the bootstrap ensurer; no request is queued or rejected by them.</summary>
public sealed class PriorityLevelConfigurationKind : KindDefinition
{
    public override ResourceType Type { get; } = new("flowcontrol.apiserver.k8s.io", "v1", "prioritylevelconfigurations", "prioritylevelconfiguration", "PriorityLevelConfiguration", false, typeof(V1PriorityLevelConfiguration), None, None, ["status"]);

    public override RowPrinter Printer { get; } = new PriorityLevelConfigurationPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new PriorityLevelConfigurationStrategy(Type);
}
