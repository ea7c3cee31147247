using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>events.k8s.io/v1 events, stored as core/v1 events (one store, one resourceVersion sequence, as upstream).</summary>
public sealed class EventsV1EventKind : KindDefinition
{
    public override ResourceType Type { get; } = new("events.k8s.io", "v1", "events", "event", "Event", true, typeof(Eventsv1Event), ["ev"], None, None);

    public override RowPrinter Printer { get; } = new EventPrinter(EventView.FromEventsV1);

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IResourceStrategy CreateStrategy() => new DefaultStrategy(Type);

    public override IVersionConversion Conversion { get; } = new EventsV1Conversion();

    /// <summary>The events.k8s.io names of the core Event's selectable fields (<see cref="EventsV1Conversion"/> maps them).</summary>
    public override IReadOnlyList<SelectableField> SelectableFields { get; } =
    [
        new("regarding.kind"),
        new("regarding.namespace"),
        new("regarding.name"),
        new("regarding.uid"),
        new("regarding.apiVersion"),
        new("regarding.resourceVersion"),
        new("regarding.fieldPath"),
        new("reason"),
        new("reportingController"),
        new("type"),
    ];
}
