using k8s.Models;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Kinds;

/// <summary>core/v1 events.</summary>
public sealed class EventKind : KindDefinition
{
    public override ResourceType Type { get; } = new("", "v1", "events", "event", "Event", true, typeof(Corev1Event), ["ev"], None, None);

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
