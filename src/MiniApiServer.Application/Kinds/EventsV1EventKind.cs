using k8s.Models;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Kinds;

/// <summary>events.k8s.io/v1 events.</summary>
public sealed class EventsV1EventKind : KindDefinition
{
    public override ResourceType Type { get; } = new("events.k8s.io", "v1", "events", "event", "Event", true, typeof(Eventsv1Event), ["ev"], None, None);
}
