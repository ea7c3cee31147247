using System.Threading.Channels;
using k8s;
using k8s.Models;
using Mediator;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Events;

/// <summary>
/// client-go's EventRecorder with its correlator, reduced to what kubectl describe shows: an identical
/// event (same object, type, reason, message and source) bumps count and lastTimestamp instead of
/// creating a new object. Recording never blocks a reconcile: events are queued and written in order.
/// </summary>
public sealed class EventRecorder(ISender sender, ResourceService service, ResourceRegistry registry, TimeProvider time, ILogger<EventRecorder> logger)
    : BackgroundService
{
    private readonly ObjectClient _client = new(sender, registry, ObjectClient.ServiceAccount("event-recorder"));
    private readonly Channel<PendingEvent> _queue = Channel.CreateBounded<PendingEvent>(
        new BoundedChannelOptions(100_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly Dictionary<string, (string Name, string Namespace)> _seen = [];

    public void Normal(IKubernetesObject<V1ObjectMeta> obj, string reason, string message, string component) =>
        Record(obj, "Normal", reason, message, component);

    public void Warning(IKubernetesObject<V1ObjectMeta> obj, string reason, string message, string component) =>
        Record(obj, "Warning", reason, message, component);

    public void Record(IKubernetesObject<V1ObjectMeta> obj, string type, string reason, string message, string component)
    {
        var involved = new V1ObjectReference
        {
            Kind = obj.Kind,
            NamespaceProperty = obj.Metadata.NamespaceProperty,
            Name = obj.Metadata.Name,
            Uid = obj.Metadata.Uid,
            ApiVersion = obj.ApiVersion,
            ResourceVersion = obj.Metadata.ResourceVersion,
        };
        _queue.Writer.TryWrite(new PendingEvent(involved, obj.Metadata.NamespaceProperty ?? "default", obj.Metadata.Name, type, reason, message, component));
    }

    /// <summary>
    /// Upstream each component's recorder writes with that component's own client, so an event is audited as
    /// the identity whose action it reports.
    /// </summary>
    public static string UserFor(string component) => component switch
    {
        Scheduling.DefaultScheduler.Component => "system:kube-scheduler",
        DaemonSets.DaemonSetController.Component => ObjectClient.ServiceAccount("daemon-set-controller"),
        ReplicaSets.ReplicaSetController.Component => ObjectClient.ServiceAccount("replicaset-controller"),
        Deployments.DeploymentController.Component => ObjectClient.ServiceAccount("deployment-controller"),
        // The taint manager runs with node-controller's client upstream.
        "node-controller" or "taint-eviction-controller" => ObjectClient.ServiceAccount("node-controller"),
        _ => ObjectClient.ServiceAccount("event-recorder"),
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var e in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await WriteAsync(e).ConfigureAwait(false);
                }
                catch (ApiException ex)
                {
                    logger.LogDebug("event {Reason} for {Name} dropped: {Message}", e.Reason, e.ObjectName, ex.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task WriteAsync(PendingEvent e)
    {
        var now = Nodes.KubeTime.Time(time.GetUtcNow());
        var key = $"{e.Involved.Uid}|{e.Type}|{e.Reason}|{e.Message}|{e.Component}";
        var client = _client.As(UserFor(e.Component));
        if (_seen.TryGetValue(key, out var existing) && service.TryGet(registry.Events, existing.Namespace, existing.Name) is not null)
        {
            await client.UpdateAsync<Corev1Event>(existing.Namespace, existing.Name, ev =>
            {
                ev.Count = (ev.Count ?? 1) + 1;
                ev.LastTimestamp = now;
                return true;
            }).ConfigureAwait(false);
            return;
        }
        var name = $"{e.ObjectName}.{time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000 + Random.Shared.Next(1_000_000):x}";
        var ev = new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = e.Namespace },
            InvolvedObject = e.Involved,
            Reason = e.Reason,
            Message = e.Message,
            Source = new V1EventSource { Component = e.Component },
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
            Type = e.Type,
            ReportingComponent = e.Component,
            ReportingInstance = "",
        };
        await client.CreateAsync(ev).ConfigureAwait(false);
        if (_seen.Count > 10_000)
        {
            _seen.Clear();
        }
        _seen[key] = (name, e.Namespace);
    }

    private sealed record PendingEvent(V1ObjectReference Involved, string Namespace, string ObjectName, string Type, string Reason, string Message, string Component);
}
