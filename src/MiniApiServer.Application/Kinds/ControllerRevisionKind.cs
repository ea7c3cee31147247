using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>apps/v1 controllerrevisions.</summary>
public sealed class ControllerRevisionKind : KindDefinition
{
    public override ResourceType Type { get; } = new("apps", "v1", "controllerrevisions", "controllerrevision", "ControllerRevision", true, typeof(V1ControllerRevision), None, None, None);

    public override RowPrinter Printer { get; } = new ControllerRevisionPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new ControllerRevisionStrategy(Type);
}
