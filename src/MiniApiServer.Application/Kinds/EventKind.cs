using k8s.Models;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Kinds;

/// <summary>core/v1 events.</summary>
public sealed class EventKind : KindDefinition
{
    public override ResourceType Type { get; } = new("", "v1", "events", "event", "Event", true, typeof(Corev1Event), ["ev"], None, None);
}
