using System.Threading.Channels;
using k8s;
using k8s.Models;
using Mediator;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Clock;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Controllers.Runtime;
using MiniApiServer.Storage;

namespace MiniApiServer.Controllers.Events;

/// <summary>
/// client-go's EventRecorder with its correlator (<see cref="EventCorrelator"/>): an identical event (same object,
/// type, reason, message and source) bumps count and lastTimestamp instead of creating a new object, similar
/// events are combined, and a source that floods one object is throttled. Recording never blocks a reconcile:
/// events are queued and written in order.
/// </summary>
public sealed class EventRecorder(ISender sender, ResourceService service, ResourceRegistry registry, TimeProvider time, ILogger<EventRecorder> logger)
    : BackgroundService
{
    private readonly ObjectClient _client = new(sender, registry, ObjectClient.ServiceAccount("event-recorder"));
    private readonly Channel<RecordedEvent> _queue = Channel.CreateBounded<RecordedEvent>(
        new BoundedChannelOptions(100_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    // client-go's eventLogger cache: the object written for each dedup key, least recently used forgotten first.
    private readonly LruCache<string, (string Name, string Namespace)> _seen = new(4096);
    private readonly EventCorrelator _correlator = new(time);

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
        _queue.Writer.TryWrite(new RecordedEvent(involved, obj.Metadata.NamespaceProperty ?? "default", obj.Metadata.Name, type, reason, message, component));
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
        Replication.ReplicationManager.Component => ObjectClient.ServiceAccount("replication-controller"),
        Deployments.DeploymentController.Component => ObjectClient.ServiceAccount("deployment-controller"),
        CronJobs.CronJobController.Component => ObjectClient.ServiceAccount(CronJobs.CronJobController.Component),
        StatefulSets.StatefulSetController.Component => ObjectClient.ServiceAccount(StatefulSets.StatefulSetController.Component),
        // The taint manager runs with node-controller's client upstream.
        "node-controller" or "taint-eviction-controller" => ObjectClient.ServiceAccount("node-controller"),
        Volumes.PersistentVolumeController.Component => Volumes.PersistentVolumeController.User,
        Volumes.SimulatedStorage.ProvisionerName => ObjectClient.ServiceAccount("local-path-provisioner-service-account"),
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
                catch (Exception ex) when (ex is StorageUnavailableException or StorageFailedException && !stoppingToken.IsCancellationRequested)
                {
                    // An unreachable database or a full disk must not end the recorder: it drops this event, as
                    // client-go's broadcaster drops one it cannot write, and records the next ones once storage is back.
                    ControllerMetrics.EventsDropped.WithLabels(e.Reason).Inc();
                    logger.LogError("event {Reason} for {Name} dropped: {Message}", e.Reason, e.ObjectName, ex.Message);
                }
                catch (StorageUnavailableException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task WriteAsync(RecordedEvent e)
    {
        var correlation = _correlator.Correlate(e);
        if (correlation.Skip)
        {
            logger.LogDebug("event {Reason} for {Name} dropped by the spam filter", e.Reason, e.ObjectName);
            return;
        }
        var now = KubeTime.Time(time.GetUtcNow());
        var key = correlation.Key;
        var client = _client.As(UserFor(e.Component));
        if (_seen.TryGet(key, out var existing) && service.TryGet(registry.Events, existing.Namespace, existing.Name) is not null)
        {
            await client.UpdateAsync<Corev1Event>(existing.Namespace, existing.Name, ev =>
            {
                ev.Count = (ev.Count ?? 1) + 1;
                ev.LastTimestamp = now;
                ev.Message = correlation.Message;
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
            Message = correlation.Message,
            Source = new V1EventSource { Component = e.Component },
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
            Type = e.Type,
            ReportingComponent = e.Component,
            ReportingInstance = "",
        };
        await client.CreateAsync(ev).ConfigureAwait(false);
        _seen.Set(key, (name, e.Namespace));
    }
}
