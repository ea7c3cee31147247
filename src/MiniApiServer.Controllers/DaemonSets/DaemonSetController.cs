using System.Text;
using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers.Events;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.DaemonSets;

/// <summary>
/// The DaemonSet controller (pkg/controller/daemon). Reconcile re-reads the DaemonSet, the nodes and
/// its pods from the informers (after they caught up with every committed write, which stands in for
/// upstream's expectations), decides with the pure planners, and writes through the API's command path.
/// </summary>
public sealed class DaemonSetController : IControlLoop, IReconciler<string>
{
    public const string Component = "daemonset-controller";
    private const int BurstReplicas = 250;

    private readonly SharedInformers _informers;
    private readonly ResourceService _service;
    private readonly ResourceRegistry _registry;
    private readonly EventRecorder _events;
    private readonly TimeProvider _time;
    private readonly ControllerOptions _options;
    private readonly ILogger<DaemonSetController> _logger;
    private readonly WorkQueue<string> _queue;
    private readonly DaemonSetHistory _history;
    private readonly FailedPodBackoff _backoff;

    public DaemonSetController(SharedInformers informers, ResourceService service, ResourceRegistry registry, EventRecorder events,
        TimeProvider time, ControllerOptions options, ILogger<DaemonSetController> logger)
    {
        _informers = informers;
        _service = service;
        _registry = registry;
        _events = events;
        _time = time;
        _options = options;
        _logger = logger;
        _queue = new WorkQueue<string>(time, name: "daemonset");
        _history = new DaemonSetHistory(service, registry, informers);
        _backoff = new FailedPodBackoff(time);
        var handlers = new DaemonSetEventHandlers(informers, _queue);
        informers.DaemonSets.AddHandler(handlers);
        informers.Pods.AddHandler(handlers);
        informers.Nodes.AddHandler(handlers);
        informers.ControllerRevisions.AddHandler(handlers);
    }

    public string Name => "daemonset-controller";

    public WorkQueue<string> Queue => _queue;

    public async Task RunAsync(CancellationToken ct)
    {
        foreach (var ds in _informers.DaemonSets.List())
        {
            _queue.Add(DaemonSetEventHandlers.Key(ds.Metadata));
        }
        using var registration = ct.Register(_queue.ShutDown);
        await new ReconcileLoop<string>(this, _queue, _options.DaemonSetWorkers, _logger).RunAsync(ct).ConfigureAwait(false);
    }

    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken ct)
    {
        await _informers.SyncAsync(ct).ConfigureAwait(false);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var ds = _informers.DaemonSets.Get(key[..slash], key[(slash + 1)..]);
        if (ds is null)
        {
            return ReconcileResult.Done;
        }
        var selector = ds.Spec.Selector;
        if (selector is null || ((selector.MatchLabels?.Count ?? 0) == 0 && (selector.MatchExpressions?.Count ?? 0) == 0))
        {
            _events.Warning(ds, "SelectingAll", "This daemon set is selecting all pods. A non-empty selector is required.", Component);
            return ReconcileResult.Done;
        }
        if (ds.Metadata.DeletionTimestamp is not null)
        {
            // The garbage collector is orphaning or deleting the pods and revisions; do not fight it.
            return ReconcileResult.Done;
        }
        var nodes = _informers.Nodes.List();
        var (current, old) = await _history.ConstructAsync(ds).ConfigureAwait(false);
        var hash = DaemonPods.Label(current.Metadata, DaemonPods.RevisionHashLabel) ?? current.Metadata.Name;

        var podsByNode = await ClaimPodsAsync(ds).ConfigureAwait(false);
        var plan = DaemonSetPlanner.Manage(ds, nodes, podsByNode, hash, _time.GetUtcNow(), _backoff.RemainingBackoff);
        foreach (var (pod, node) in plan.FailedPods)
        {
            _backoff.Next($"{ds.Metadata.Uid}/{ds.Status?.ObservedGeneration ?? 0}/{node}");
            _events.Warning(ds, "FailedDaemonPod", $"Found failed daemon pod {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name} on node {node}, will try to kill it", Component);
        }
        foreach (var (pod, node) in plan.SucceededPods)
        {
            _events.Normal(ds, "SucceededDaemonPod", $"Found succeeded daemon pod {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name} on node {node}, will try to delete it", Component);
        }
        var changed = await SyncNodesAsync(ds, plan.NodesNeedingPods, plan.PodsToDelete, hash).ConfigureAwait(false);

        if (!changed && ds.Spec.UpdateStrategy?.Type == "RollingUpdate")
        {
            var rolling = RollingUpdatePlanner.Plan(ds, nodes, podsByNode, hash, _time.GetUtcNow());
            changed = await SyncNodesAsync(ds, rolling.NodesToCreate, rolling.PodsToDelete, hash).ConfigureAwait(false);
        }
        if (changed)
        {
            await _informers.SyncAsync(ct).ConfigureAwait(false);
            podsByNode = await ClaimPodsAsync(ds).ConfigureAwait(false);
        }
        await _history.CleanupAsync(ds, old, podsByNode.Values.SelectMany(p => p)).ConfigureAwait(false);
        var status = DaemonSetStatusCalculator.Compute(ds, nodes, podsByNode, hash, _time.GetUtcNow());
        await UpdateStatusAsync(ds, status).ConfigureAwait(false);

        var minReady = ds.Spec.MinReadySeconds ?? 0;
        if (minReady > 0 && status.NumberReady != status.NumberAvailable)
        {
            return ReconcileResult.After(TimeSpan.FromSeconds(minReady));
        }
        return plan.RequeueAfter is { } after ? ReconcileResult.After(after) : ReconcileResult.Done;
    }

    /// <summary>
    /// getNodesToDaemonPods with ClaimPods: owned pods that still match stay, owned pods that no longer
    /// match are released, matching orphans are adopted; terminal pods already being deleted are ignored.
    /// </summary>
    private async Task<Dictionary<string, List<V1Pod>>> ClaimPodsAsync(V1DaemonSet ds)
    {
        var selector = NodeEligibility.Selector(ds);
        var result = new Dictionary<string, List<V1Pod>>();
        foreach (var pod in _informers.Pods.ByIndex(SharedInformers.ByNamespace, ds.Metadata.NamespaceProperty))
        {
            var owner = DaemonPods.ControllerRef(pod.Metadata);
            var matches = selector.Matches((pod.Metadata.Labels ?? new Dictionary<string, string>()).AsReadOnly());
            if (owner is not null && owner.Uid != ds.Metadata.Uid)
            {
                continue;
            }
            if (owner is null)
            {
                if (!matches || pod.Metadata.DeletionTimestamp is not null)
                {
                    continue;
                }
                if (!await PatchOwnerAsync(pod, new JsonArray(ModelCodec.Encode(DaemonPodTemplate.OwnerRef(ds)))).ConfigureAwait(false))
                {
                    continue;
                }
            }
            else if (!matches)
            {
                await PatchOwnerAsync(pod, new JsonArray(new JsonObject { ["$patch"] = "delete", ["uid"] = ds.Metadata.Uid })).ConfigureAwait(false);
                continue;
            }
            if (DaemonPods.IsTerminal(pod) && DaemonPods.IsDeleting(pod))
            {
                continue;
            }
            if (DaemonPods.TargetNodeName(pod) is { } node)
            {
                if (!result.TryGetValue(node, out var list))
                {
                    result[node] = list = [];
                }
                list.Add(pod);
            }
        }
        return result;
    }

    private async Task<bool> PatchOwnerAsync(V1Pod pod, JsonArray ownerReferences)
    {
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["ownerReferences"] = ownerReferences, ["uid"] = pod.Metadata.Uid } };
        try
        {
            await _service.PatchAsync(_registry.Pods, pod.Metadata.NamespaceProperty, pod.Metadata.Name, PatchType.StrategicMerge,
                Encoding.UTF8.GetBytes(patch.ToJsonString()), false, WriteOptions.Default, false).ConfigureAwait(false);
            return true;
        }
        catch (ApiException ex) when (ex.Code is 404 or 422)
        {
            return false;
        }
    }

    /// <summary>syncNodes: deletes in parallel, creates in slow-start batches (1, 2, 4, ...) that stop at the first error.</summary>
    private async Task<bool> SyncNodesAsync(V1DaemonSet ds, IReadOnlyList<string> nodesNeedingPods, IReadOnlyList<V1Pod> podsToDelete, string hash)
    {
        var ns = ds.Metadata.NamespaceProperty;
        var deletes = podsToDelete.DistinctBy(p => p.Metadata.Uid).Take(BurstReplicas).ToList();
        await Parallel.ForEachAsync(deletes, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (pod, _) =>
        {
            try
            {
                await _service.DeleteAsync(_registry.Pods, ns, pod.Metadata.Name, new DeleteOptions(PreconditionUid: pod.Metadata.Uid)).ConfigureAwait(false);
                _events.Normal(ds, "SuccessfulDelete", $"Deleted pod: {pod.Metadata.Name}", Component);
                _logger.LogInformation("daemonset {Namespace}/{DaemonSet}: deleted pod {Pod} on node {Node}", ns, ds.Metadata.Name, pod.Metadata.Name, DaemonPods.TargetNodeName(pod));
            }
            catch (ApiException ex) when (ex.Code is 404 or 409)
            {
            }
        }).ConfigureAwait(false);
        var creates = nodesNeedingPods.Distinct().Take(BurstReplicas).ToList();
        var batch = 1;
        for (var i = 0; i < creates.Count; i += batch, batch *= 2)
        {
            var slice = creates.Skip(i).Take(batch).ToList();
            var failed = false;
            // Upstream starts the whole batch at once (one goroutine per pod); the batch size already bounds it.
            await Parallel.ForEachAsync(slice, new ParallelOptions { MaxDegreeOfParallelism = slice.Count }, async (node, _) =>
            {
                try
                {
                    var created = await _service.CreateAsync(_registry.Pods, ns, DaemonPodTemplate.Build(ds, node, hash), WriteOptions.Default).ConfigureAwait(false);
                    var name = ModelCodec.Decode<V1Pod>(created.Json).Metadata.Name;
                    _events.Normal(ds, "SuccessfulCreate", $"Created pod: {name}", Component);
                    _logger.LogInformation("daemonset {Namespace}/{DaemonSet}: created pod {Pod} for node {Node}", ns, ds.Metadata.Name, name, node);
                }
                catch (ApiException ex)
                {
                    failed = true;
                    _events.Warning(ds, "FailedCreate", $"Error creating: {ex.Message}", Component);
                }
            }).ConfigureAwait(false);
            if (failed)
            {
                throw new InvalidOperationException($"failed to create daemon pods for {ds.Metadata.Name}");
            }
        }
        return deletes.Count > 0 || creates.Count > 0;
    }

    /// <summary>storeDaemonSetStatus: no write when nothing changed; one retry on conflict happens in the update path.</summary>
    private async Task UpdateStatusAsync(V1DaemonSet ds, V1DaemonSetStatus status)
    {
        var old = ds.Status ?? new V1DaemonSetStatus();
        if (old.DesiredNumberScheduled == status.DesiredNumberScheduled && old.CurrentNumberScheduled == status.CurrentNumberScheduled
            && old.NumberMisscheduled == status.NumberMisscheduled && old.NumberReady == status.NumberReady
            && (old.NumberAvailable ?? 0) == (status.NumberAvailable ?? 0) && (old.NumberUnavailable ?? 0) == (status.NumberUnavailable ?? 0)
            && (old.UpdatedNumberScheduled ?? 0) == (status.UpdatedNumberScheduled ?? 0)
            && (old.ObservedGeneration ?? 0) >= (ds.Metadata.Generation ?? 0))
        {
            return;
        }
        var generation = ds.Metadata.Generation;
        await _service.UpdateAsync(_registry.DaemonSets, ds.Metadata.NamespaceProperty, ds.Metadata.Name, d =>
        {
            var s = d["status"] as JsonObject ?? [];
            s["desiredNumberScheduled"] = status.DesiredNumberScheduled;
            s["currentNumberScheduled"] = status.CurrentNumberScheduled;
            s["numberMisscheduled"] = status.NumberMisscheduled;
            s["numberReady"] = status.NumberReady;
            s["numberAvailable"] = status.NumberAvailable;
            s["numberUnavailable"] = status.NumberUnavailable;
            s["updatedNumberScheduled"] = status.UpdatedNumberScheduled;
            s["observedGeneration"] = generation;
            d["status"] = s;
            return d;
        }, statusOnly: true, WriteOptions.Default).ConfigureAwait(false);
    }
}
