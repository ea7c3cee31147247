using System.Text.Json.Nodes;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Controllers.Events;

/// <summary>
/// client-go's EventRecorder with its correlator, reduced to what kubectl describe shows: an identical
/// event (same object, type, reason, message and source) bumps count and lastTimestamp instead of
/// creating a new object. Recording never blocks a reconcile: events are queued and written in order.
/// </summary>
public sealed class EventRecorder(ResourceService service, ResourceRegistry registry, TimeProvider time, ILogger<EventRecorder> logger)
    : BackgroundService
{
    private readonly Channel<PendingEvent> _queue = Channel.CreateBounded<PendingEvent>(
        new BoundedChannelOptions(100_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly Dictionary<string, (string Name, string Namespace)> _seen = [];

    public void Normal(IKubernetesObject<V1ObjectMeta> obj, string reason, string message, string component) =>
        Record(obj, "Normal", reason, message, component);

    public void Warning(IKubernetesObject<V1ObjectMeta> obj, string reason, string message, string component) =>
        Record(obj, "Warning", reason, message, component);

    public void Record(IKubernetesObject<V1ObjectMeta> obj, string type, string reason, string message, string component)
    {
        var involved = new JsonObject
        {
            ["kind"] = obj.Kind,
            ["namespace"] = obj.Metadata.NamespaceProperty,
            ["name"] = obj.Metadata.Name,
            ["uid"] = obj.Metadata.Uid,
            ["apiVersion"] = obj.ApiVersion,
            ["resourceVersion"] = obj.Metadata.ResourceVersion,
        };
        _queue.Writer.TryWrite(new PendingEvent(involved, obj.Metadata.NamespaceProperty ?? "default", obj.Metadata.Name, type, reason, message, component));
    }

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
        var now = ObjectMeta.Timestamp(time.GetUtcNow());
        var key = $"{e.Involved["uid"]}|{e.Type}|{e.Reason}|{e.Message}|{e.Component}";
        var events = registry.Events;
        if (_seen.TryGetValue(key, out var existing) && service.TryGet(events, existing.Namespace, existing.Name) is not null)
        {
            await service.UpdateAsync(events, existing.Namespace, existing.Name, ev =>
            {
                ev["count"] = (ev["count"]?.GetValue<int>() ?? 1) + 1;
                ev["lastTimestamp"] = now;
                return ev;
            }, statusOnly: false, WriteOptions.Default).ConfigureAwait(false);
            return;
        }
        var name = $"{e.ObjectName}.{time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000 + Random.Shared.Next(1_000_000):x}";
        var ev = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = e.Namespace },
            ["involvedObject"] = e.Involved.DeepClone(),
            ["reason"] = e.Reason,
            ["message"] = e.Message,
            ["source"] = new JsonObject { ["component"] = e.Component },
            ["firstTimestamp"] = now,
            ["lastTimestamp"] = now,
            ["count"] = 1,
            ["type"] = e.Type,
            ["reportingComponent"] = e.Component,
            ["reportingInstance"] = "",
        };
        await service.CreateAsync(events, e.Namespace, ev, WriteOptions.Default).ConfigureAwait(false);
        if (_seen.Count > 10_000)
        {
            _seen.Clear();
        }
        _seen[key] = (name, e.Namespace);
    }

    private sealed record PendingEvent(JsonObject Involved, string Namespace, string ObjectName, string Type, string Reason, string Message, string Component);
}
