using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>flowcontrol.apiserver.k8s.io/v1 flowschemas with flowschemas/status: stored and kept (bootstrap and Dangling condition), never used to classify requests.</summary>
public sealed class FlowSchemaKind : KindDefinition
{
    public override ResourceType Type { get; } = new("flowcontrol.apiserver.k8s.io", "v1", "flowschemas", "flowschema", "FlowSchema", false, typeof(V1FlowSchema), None, None, ["status"]);

    public override RowPrinter Printer { get; } = new FlowSchemaPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new FlowSchemaStrategy(Type);
}
