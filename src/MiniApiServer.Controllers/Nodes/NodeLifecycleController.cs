using System.Collections.Concurrent;
using k8s.Models;
using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Clock;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers.Events;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Nodes;

/// <summary>
/// pkg/controller/nodelifecycle/node_lifecycle_controller.go: every NodeMonitorPeriod each node's heartbeats are
/// checked (monitorNodeHealth); stale nodes become Unknown; condition- and cordon-derived taints are reconciled.
/// Per-zone eviction rate limiting is not modelled: taints change as soon as the condition does.
/// </summary>
public sealed class NodeLifecycleController : IControlLoop, IReconciler<string>
{
    private const string Component = "node-controller";
    private const int Workers = 4;

    private readonly SharedInformers _informers;
    private readonly ObjectClient _client;
    private readonly ControllerOptions _options;
    private readonly TimeProvider _time;
    private readonly EventRecorder _events;
    private readonly ControllerHost<string> _host;
    private readonly WorkQueue<string> _queue;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _firstObserved = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string?> _lastReady = new(StringComparer.Ordinal);
    private volatile bool _allZonesDisrupted;

    public NodeLifecycleController(
        SharedInformers informers, ISender sender, ResourceRegistry registry, ControllerOptions options, TimeProvider time, EventRecorder events, ILogger<NodeLifecycleController> logger)
    {
        _informers = informers;
        _client = new ObjectClient(sender, registry, ObjectClient.ServiceAccount(Component));
        _options = options;
        _time = time;
        _events = events;
        _host = new ControllerHost<string>(this, Workers, time, logger);
        _queue = _host.Queue;
        informers.Nodes.AddHandler(new NodeLifecycleEvents(_queue));
    }

    public string Name => "node-lifecycle-controller";

    public Task RunAsync(CancellationToken ct) => Task.WhenAll(_host.RunAsync(ct), MonitorAsync(ct));

    /// <summary>monitorNodeHealth: a periodic pass over every node, since a missing heartbeat produces no event.</summary>
    private async Task MonitorAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_options.NodeMonitorPeriod, _time);
        do
        {
            var nodes = _informers.Nodes.List();
            // Master disruption mode (handleDisruption): with no Ready node in any zone, NoExecute taints are lifted.
            _allZonesDisrupted = nodes.Count > 0 && nodes.All(n => NodeHealth.ReadyStatus(n) != "True");
            foreach (var node in nodes)
            {
                _queue.Add(node.Metadata.Name);
            }
        }
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false));
    }

    public async Task<ReconcileResult> ReconcileAsync(string name, CancellationToken ct)
    {
        var node = _informers.Nodes.Get("", name);
        if (node is null)
        {
            _firstObserved.TryRemove(name, out _);
            _lastReady.TryRemove(name, out _);
            return ReconcileResult.Done;
        }
        var now = _time.GetUtcNow();
        if (_firstObserved.TryAdd(name, now))
        {
            _events.Normal(node, "RegisteredNode", $"Node {name} event: Registered Node {name} in Controller", Component);
        }
        var firstObserved = _firstObserved[name];
        var lease = _informers.Leases.Get(NodeLease.Namespace, name);
        var probe = NodeHealth.LastProbe(node, lease, firstObserved);
        try
        {
            if (NodeHealth.IsStale(probe, now, _options.NodeMonitorGracePeriod) && NodeHealth.NeedsUnknown(node))
            {
                node = await MarkUnknownAsync(name, lease, firstObserved, now).ConfigureAwait(false);
            }
            await ObserveReadyTransitionAsync(node, now).ConfigureAwait(false);
            await ReconcileTaintsAndLabelsAsync(node, now).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code == 404)
        {
            return ReconcileResult.Done;
        }
        // No per-node timer: the next monitor pass looks again, as upstream's NodeMonitorPeriod does.
        return ReconcileResult.Done;
    }

    private async Task<V1Node> MarkUnknownAsync(string name, V1Lease? lease, DateTimeOffset firstObserved, DateTimeOffset now)
    {
        var result = await _client.UpdateAsync<V1Node>("", name, fresh =>
        {
            // The kubelet may have posted status since the informer snapshot: re-check on the fresh object.
            if (!NodeHealth.IsStale(NodeHealth.LastProbe(fresh, lease, firstObserved), now, _options.NodeMonitorGracePeriod))
            {
                return false;
            }
            NodeHealth.MarkUnknown(fresh, now);
            return true;
        }, status: true).ConfigureAwait(false);
        return ObjectClient.Read<V1Node>(result);
    }

    /// <summary>Ready → not Ready: event NodeNotReady and MarkPodsNotReady (pkg/controller/util/node/controller_utils.go).</summary>
    private async Task ObserveReadyTransitionAsync(V1Node node, DateTimeOffset now)
    {
        var ready = NodeHealth.ReadyStatus(node);
        var previous = _lastReady.TryGetValue(node.Metadata.Name, out var p) ? p : null;
        _lastReady[node.Metadata.Name] = ready;
        if (previous != "True" || ready == "True")
        {
            return;
        }
        _events.Normal(node, "NodeNotReady", $"Node {node.Metadata.Name} status is now: NodeNotReady", Component);
        foreach (var pod in _informers.Pods.ByIndex(SharedInformers.ByNode, node.Metadata.Name))
        {
            if (!PodConditions.IsTrue(pod, "Ready"))
            {
                continue;
            }
            try
            {
                await _client.UpdateAsync<V1Pod>(pod.Metadata.NamespaceProperty ?? "", pod.Metadata.Name, fresh =>
                {
                    if (fresh.Spec?.NodeName != node.Metadata.Name || PodConditions.Get(fresh, "Ready") is not { } c || c.Status == "False")
                    {
                        return false;
                    }
                    c.Status = "False";
                    c.LastTransitionTime = KubeTime.Time(now);
                    return true;
                }, status: true).ConfigureAwait(false);
                _events.Warning(pod, "NodeNotReady", "Node is not ready", Component);
            }
            catch (ApiException ex) when (ex.Code == 404)
            {
            }
        }
    }

    private async Task ReconcileTaintsAndLabelsAsync(V1Node node, DateTimeOffset now)
    {
        var disrupted = _allZonesDisrupted;
        if (NodeTaints.Reconcile(node, now, disrupted) is null && NodeLabels.Reconcile(node.Metadata.Labels) is null)
        {
            return;
        }
        await _client.UpdateAsync<V1Node>("", node.Metadata.Name, fresh =>
        {
            var taints = NodeTaints.Reconcile(fresh, now, disrupted);
            var labels = NodeLabels.Reconcile(fresh.Metadata.Labels);
            if (taints is not null)
            {
                fresh.Spec ??= new V1NodeSpec();
                fresh.Spec.Taints = taints.Count == 0 ? null : taints;
            }
            foreach (var (k, v) in labels ?? [])
            {
                fresh.Metadata.Labels[k] = v;
            }
            return taints is not null || labels is not null;
        }).ConfigureAwait(false);
    }
}
