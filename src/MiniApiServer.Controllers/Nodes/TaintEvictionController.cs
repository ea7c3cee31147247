using System.Collections.Concurrent;
using k8s.Models;
using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers.Events;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Nodes;

/// <summary>
/// pkg/controller/tainteviction/taint_eviction.go (taint-eviction-controller): deletes pods from nodes with
/// NoExecute taints they do not tolerate, or tolerate only for tolerationSeconds. The clock starts when the
/// controller first sees the taint on the pod's node, not at the taint's timeAdded.
/// </summary>
public sealed class TaintEvictionController : IControlLoop, IReconciler<string>
{
    private const string Component = "taint-eviction-controller";
    private const int Workers = 4;

    private readonly SharedInformers _informers;
    private readonly ObjectClient _client;
    private readonly TimeProvider _time;
    private readonly EventRecorder _events;
    private readonly ControllerHost<string> _host;
    private readonly WorkQueue<string> _queue;
    private readonly ConcurrentDictionary<string, ScheduledEviction> _scheduled = new(StringComparer.Ordinal);

    public TaintEvictionController(SharedInformers informers, ISender sender, ResourceRegistry registry, TimeProvider time, EventRecorder events, ILogger<TaintEvictionController> logger)
    {
        _informers = informers;
        // Upstream starts it with node-controller's client ("taint-manager uses existing cluster role from node-controller").
        _client = new ObjectClient(sender, registry, ObjectClient.ServiceAccount("node-controller"));
        _time = time;
        _events = events;
        _host = new ControllerHost<string>(this, Workers, time, logger);
        _queue = _host.Queue;
        var handler = new TaintEvictionEvents(_queue, informers);
        informers.Pods.AddHandler(handler);
        informers.Nodes.AddHandler(handler);
    }

    public string Name => Component;

    public Task RunAsync(CancellationToken ct)
    {
        // Handlers were attached before the informers listed: look at every pod on an already tainted node.
        foreach (var node in _informers.Nodes.List().Where(n => n.Spec?.Taints?.Any(t => t.Effect == NodeTaints.NoExecute) == true))
        {
            foreach (var pod in _informers.Pods.ByIndex(SharedInformers.ByNode, node.Metadata.Name))
            {
                _queue.Add(PodKey.Of(pod));
            }
        }
        return _host.RunAsync(ct);
    }

    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken ct)
    {
        var (ns, name) = PodKey.Split(key);
        var pod = _informers.Pods.Get(ns, name);
        var node = pod?.Spec?.NodeName is { Length: > 0 } nodeName ? _informers.Nodes.Get("", nodeName) : null;
        if (pod is null || node is null || pod.Metadata.DeletionTimestamp is not null)
        {
            _scheduled.TryRemove(key, out _);
            return ReconcileResult.Done;
        }
        var now = _time.GetUtcNow();
        var plan = TaintEvictionPlan.Decide(node.Spec?.Taints, pod.Spec.Tolerations);
        switch (plan.Action)
        {
            case TaintEvictionAction.Keep:
                Cancel(key, pod);
                return ReconcileResult.Done;
            case TaintEvictionAction.EvictNow:
                await EvictAsync(key, pod).ConfigureAwait(false);
                return ReconcileResult.Done;
            default:
                // An eviction already scheduled keeps its start time (processPodOnNode keeps the earlier trigger).
                var scheduled = _scheduled.AddOrUpdate(key,
                    _ => new ScheduledEviction(pod.Metadata.Uid, now + plan.Delay),
                    (_, old) => old.Uid == pod.Metadata.Uid ? old : new ScheduledEviction(pod.Metadata.Uid, now + plan.Delay));
                if (now >= scheduled.FireAt)
                {
                    await EvictAsync(key, pod).ConfigureAwait(false);
                    return ReconcileResult.Done;
                }
                return ReconcileResult.After(scheduled.FireAt - now);
        }
    }

    private void Cancel(string key, V1Pod pod)
    {
        if (_scheduled.TryRemove(key, out var s) && s.Uid == pod.Metadata.Uid)
        {
            _events.Normal(pod, "TaintManagerEviction", $"Cancelling deletion of Pod {key}", Component);
        }
    }

    /// <summary>addConditionAndDeletePod: DisruptionTarget on the status first, then a DELETE with the default grace.</summary>
    private async Task EvictAsync(string key, V1Pod pod)
    {
        _scheduled.TryRemove(key, out _);
        var ns = pod.Metadata.NamespaceProperty ?? "";
        _events.Normal(pod, "TaintManagerEviction", $"Marking for deletion Pod {key}", Component);
        try
        {
            var now = _time.GetUtcNow();
            await _client.UpdateAsync<V1Pod>(ns, pod.Metadata.Name, fresh =>
            {
                if (fresh.Metadata.Uid != pod.Metadata.Uid)
                {
                    return false;
                }
                PodConditions.Set(fresh, PodConditions.DisruptionTarget, "True", now, "DeletionByTaintManager", "Taint manager: deleting due to NoExecute taint");
                return true;
            }, status: true).ConfigureAwait(false);
            await _client.DeleteAsync<V1Pod>(ns, pod.Metadata.Name, new DeleteOptions(PreconditionUid: pod.Metadata.Uid)).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code == 404)
        {
        }
    }

    private sealed record ScheduledEviction(string Uid, DateTimeOffset FireAt);
}
