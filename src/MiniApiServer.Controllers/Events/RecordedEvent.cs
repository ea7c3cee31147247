using k8s.Models;

namespace MiniApiServer.Controllers.Events;

/// <summary>An event as a component recorded it, with client-go's three keys (events_cache.go).</summary>
public sealed record RecordedEvent(V1ObjectReference Involved, string Namespace, string ObjectName, string Type, string Reason, string Message, string Component)
{
    private string Source => $"{Component}|";

    private string Object => $"{Involved.Kind}|{Involved.NamespaceProperty}|{Involved.Name}|{Involved.Uid}|{Involved.ApiVersion}";

    /// <summary>getSpamKey: source and involved object.</summary>
    public string SpamKey => $"{Source}{Object}";

    /// <summary>EventAggregatorByReasonFunc: everything but the message (reporting controller = component, instance empty).</summary>
    public string AggregateKey => $"{Source}{Object}|{Type}|{Reason}|{Component}|";

    /// <summary>getEventKey: the aggregate key's fields plus the field path and the message.</summary>
    public string EventKey => $"{Source}{Object}|{Involved.FieldPath}|{Type}|{Reason}|{Message}";
}
