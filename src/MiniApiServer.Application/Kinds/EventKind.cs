using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>core/v1 events.</summary>
public sealed class EventKind : KindDefinition
{
    public override ResourceType Type { get; } = new("", "v1", "events", "event", "Event", true, typeof(Corev1Event), ["ev"], None, None);

    public override RowPrinter Printer { get; } = new EventPrinter(EventView.FromCore);

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IResourceStrategy CreateStrategy() => new EventStrategy(Type);

    /// <summary>pkg/registry/core/event/strategy.go ToSelectableFields; "source" is source.component.</summary>
    public override IReadOnlyList<SelectableField> SelectableFields { get; } =
    [
        new("involvedObject.kind"),
        new("involvedObject.namespace"),
        new("involvedObject.name"),
        new("involvedObject.uid"),
        new("involvedObject.apiVersion"),
        new("involvedObject.resourceVersion"),
        new("involvedObject.fieldPath"),
        new("reason"),
        new("reportingComponent"),
        new("source", "source.component"),
        new("type"),
    ];
}
