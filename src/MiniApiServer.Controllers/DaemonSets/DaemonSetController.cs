using k8s.Models;
using Mediator;
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
/// its pods from the informers, decides with the pure planners, and writes through the API's command path.
/// The informers may lag behind our own writes, so, as upstream, pods are only created or deleted once the
/// previous round's creations and deletions were observed (<see cref="ControllerExpectations"/>); until
/// then only the status is refreshed.
/// </summary>
public sealed class DaemonSetController : IControlLoop, IReconciler<string>
{
    public const string Component = "daemonset-controller";
    private const int BurstReplicas = 250;

    private readonly SharedInformers _informers;
    private readonly ObjectClient _client;
    private readonly ResourceRegistry _registry;
    private readonly EventRecorder _events;
    private readonly TimeProvider _time;
    private readonly ILogger<DaemonSetController> _logger;
    private readonly ControllerHost<string> _host;
    private readonly WorkQueue<string> _queue;
    private readonly DaemonSetHistory _history;
    private readonly FailedPodBackoff _backoff;
    private readonly ControllerExpectations _expectations;
    private readonly ResourceService _service;
    private readonly ControllerRefManager _refs;

    public DaemonSetController(SharedInformers informers, ResourceService service, ISender sender, ResourceRegistry registry, EventRecorder events,
        TimeProvider time, ControllerOptions options, ILogger<DaemonSetController> logger)
    {
        _informers = informers;
        _service = service;
        _client = new ObjectClient(sender, registry, ObjectClient.ServiceAccount("daemon-set-controller"));
        _registry = registry;
        _events = events;
        _time = time;
        _logger = logger;
        _host = new ControllerHost<string>(this, options.DaemonSetWorkers, time, logger, queueName: "daemonset");
        _queue = _host.Queue;
        _history = new DaemonSetHistory(service, _client, registry, informers);
        _backoff = new FailedPodBackoff(time);
        _expectations = new ControllerExpectations(time, Component);
        _refs = new ControllerRefManager(_client);
        var handlers = new DaemonSetEventHandlers(informers, _queue, _expectations);
        informers.DaemonSets.AddHandler(handlers);
        informers.Pods.AddHandler(handlers);
        informers.Nodes.AddHandler(handlers);
        informers.ControllerRevisions.AddHandler(handlers);
    }

    public string Name => "daemonset-controller";

    public WorkQueue<string> Queue => _queue;

    public ControllerExpectations Expectations => _expectations;

    public void InformersRelisted() => _expectations.Clear();

    public Task RunAsync(CancellationToken ct)
    {
        foreach (var ds in _informers.DaemonSets.List())
        {
            _queue.Add(DaemonSetEventHandlers.Key(ds.Metadata));
        }
        return _host.RunAsync(ct);
    }

    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken ct)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var ds = _informers.DaemonSets.Get(key[..slash], key[(slash + 1)..]);
        if (ds is null)
        {
            _expectations.DeleteExpectations(key);
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
        var nodes = _informers.Nodes.Snapshot();
        var (current, old) = await _history.ConstructAsync(ds).ConfigureAwait(false);
        var hash = DaemonPods.Label(current.Metadata, DaemonPods.RevisionHashLabel) ?? current.Metadata.Name;
        var podsByNode = await ClaimPodsAsync(ds).ConfigureAwait(false);
        if (!_expectations.SatisfiedExpectations(key))
        {
            // Our last creations or deletions are not in the cache yet: acting now would repeat them. The
            // generation was not processed, so observedGeneration stays where it was.
            return await UpdateStatusAsync(ds, nodes, podsByNode, hash, observeGeneration: false).ConfigureAwait(false);
        }

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
        bool wrote;
        InvalidOperationException? manageFailed = null;
        try
        {
            wrote = await SyncNodesAsync(key, ds, plan.NodesNeedingPods, plan.PodsToDelete, hash).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            // syncDaemonSet writes the status even when manage failed (an admission refusal of every pod still leaves
            // desiredNumberScheduled to report), then returns manage's error so the key is retried with backoff.
            (wrote, manageFailed) = (true, ex);
        }

        // updateDaemonSet: the rolling update only runs once manage's own writes were observed.
        if (manageFailed is null && _expectations.SatisfiedExpectations(key) && ds.Spec.UpdateStrategy?.Type == "RollingUpdate")
        {
            var rolling = RollingUpdatePlanner.Plan(ds, nodes, podsByNode, hash, _time.GetUtcNow());
            wrote |= await SyncNodesAsync(key, ds, rolling.NodesToCreate, rolling.PodsToDelete, hash).ConfigureAwait(false);
        }
        if (wrote)
        {
            // updateDaemonSetStatus re-reads the pods from the cache; it may not show this round's writes yet,
            // and the events of those writes requeue the key to correct the status.
            podsByNode = await ClaimPodsAsync(ds).ConfigureAwait(false);
        }
        if (manageFailed is null)
        {
            await _history.CleanupAsync(ds, old, podsByNode.Values.SelectMany(p => p)).ConfigureAwait(false);
        }
        var result = await UpdateStatusAsync(ds, nodes, podsByNode, hash, observeGeneration: true).ConfigureAwait(false);
        if (manageFailed is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(manageFailed);
        }
        return result.RequeueAfter is null && plan.RequeueAfter is { } after ? ReconcileResult.After(after) : result;
    }

    /// <summary>
    /// getNodesToDaemonPods with ClaimPods: owned pods that still match stay, owned pods that no longer
    /// match are released, matching orphans are adopted; terminal pods already being deleted are ignored.
    /// </summary>
    private async Task<Dictionary<string, List<V1Pod>>> ClaimPodsAsync(V1DaemonSet ds)
    {
        var candidates = _informers.Pods.ByIndex(SharedInformers.ByNamespace, ds.Metadata.NamespaceProperty);
        var claimed = await _refs.ClaimAsync(DaemonPodTemplate.OwnerRef(ds), ds.Metadata.DeletionTimestamp is not null,
            NodeEligibility.Selector(ds), candidates, () => CanAdopt(ds)).ConfigureAwait(false);
        var result = new Dictionary<string, List<V1Pod>>();
        foreach (var pod in claimed)
        {
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

    /// <summary>
    /// RecheckDeletionTimestamp (pkg/controller/daemon/daemon_controller.go claimPods): the informer's copy may predate a
    /// delete with orphan propagation, whose garbage collector has just released these pods; only the DaemonSet as
    /// stored now may adopt them, or it would take back the pods it is orphaning.
    /// </summary>
    private bool CanAdopt(V1DaemonSet ds)
    {
        try
        {
            var fresh = ModelCodec.Decode<V1DaemonSet>(_service.Get(_registry.DaemonSets, ds.Metadata.NamespaceProperty, ds.Metadata.Name).Json);
            return fresh.Metadata.Uid == ds.Metadata.Uid && fresh.Metadata.DeletionTimestamp is null;
        }
        catch (ApiException ex) when (ex.Code == 404)
        {
            return false;
        }
    }

    /// <summary>
    /// syncNodes: expects every create and delete before issuing them, deletes in parallel, creates in
    /// slow-start batches (1, 2, 4, ...) that stop at the first error. A write that fails, and every create
    /// skipped after a failed batch, lowers the expectation: no informer event will ever observe it.
    /// </summary>
    private async Task<bool> SyncNodesAsync(string key, V1DaemonSet ds, IReadOnlyList<string> nodesNeedingPods, IReadOnlyList<V1Pod> podsToDelete, string hash)
    {
        var deletes = podsToDelete.DistinctBy(p => p.Metadata.Uid).Take(BurstReplicas).ToList();
        var creates = nodesNeedingPods.Distinct().Take(BurstReplicas).ToList();
        if (deletes.Count == 0 && creates.Count == 0)
        {
            return false;
        }
        _expectations.SetExpectations(key, creates.Count, deletes.Count);
        var deleteFailures = 0;
        await Parallel.ForEachAsync(deletes, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (pod, _) =>
        {
            if (!await DeletePodAsync(key, ds, pod).ConfigureAwait(false))
            {
                Interlocked.Increment(ref deleteFailures);
            }
        }).ConfigureAwait(false);
        var batch = 1;
        for (var i = 0; i < creates.Count; i += batch, batch *= 2)
        {
            var slice = creates.Skip(i).Take(batch).ToList();
            var failed = 0;
            // Upstream starts the whole batch at once (one goroutine per pod); the batch size already bounds it.
            await Parallel.ForEachAsync(slice, new ParallelOptions { MaxDegreeOfParallelism = slice.Count }, async (node, _) =>
            {
                if (!await CreatePodAsync(key, ds, node, hash).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref failed);
                }
            }).ConfigureAwait(false);
            if (failed > 0)
            {
                _expectations.LowerExpectations(key, creates.Count - i - slice.Count, 0);
                throw new InvalidOperationException($"failed to create {failed} daemon pods for {key}");
            }
        }
        if (deleteFailures > 0)
        {
            throw new InvalidOperationException($"failed to delete {deleteFailures} daemon pods for {key}");
        }
        // One line per sync, not per pod: each pod already has its SuccessfulCreate/SuccessfulDelete event, and a
        // line per pod made the default log level cost measurable CPU on a 5,000-node rollout (issue [6/6]).
        _logger.LogInformation("daemonset {DaemonSet}: created {Created} and deleted {Deleted} pods", key, creates.Count, deletes.Count);
        return true;
    }

    private async Task<bool> DeletePodAsync(string key, V1DaemonSet ds, V1Pod pod)
    {
        var ns = ds.Metadata.NamespaceProperty;
        try
        {
            await _client.DeleteAsync<V1Pod>(ns, pod.Metadata.Name, new DeleteOptions(PreconditionUid: pod.Metadata.Uid)).ConfigureAwait(false);
            _events.Normal(ds, "SuccessfulDelete", $"Deleted pod: {pod.Metadata.Name}", Component);
            _logger.LogDebug("daemonset {DaemonSet}: deleted pod {Pod} on node {Node}", key, pod.Metadata.Name, DaemonPods.TargetNodeName(pod));
            return true;
        }
        catch (ApiException ex) when (ex.Code is 404 or 409)
        {
            // Already gone (or replaced under the same name): its deletion event may never come for our uid.
            _expectations.DeletionObserved(key);
            return true;
        }
        catch (Exception ex)
        {
            _expectations.DeletionObserved(key);
            _events.Warning(ds, "FailedDelete", $"Error deleting: {ex.Message}", Component);
            _logger.LogError(ex, "daemonset {DaemonSet}: deleting pod {Pod} failed", key, pod.Metadata.Name);
            return false;
        }
    }

    private async Task<bool> CreatePodAsync(string key, V1DaemonSet ds, string node, string hash)
    {
        try
        {
            var name = (await _client.CreateAsync(DaemonPodTemplate.Build(ds, node, hash)).ConfigureAwait(false)).Metadata.Name;
            _events.Normal(ds, "SuccessfulCreate", $"Created pod: {name}", Component);
            _logger.LogDebug("daemonset {DaemonSet}: created pod {Pod} for node {Node}", key, name, node);
            return true;
        }
        catch (Exception ex)
        {
            _expectations.CreationObserved(key);
            _events.Warning(ds, "FailedCreate", $"Error creating: {ex.Message}", Component);
            return false;
        }
    }

    /// <summary>
    /// updateDaemonSetStatus: computes the status from the cached pods and stores it (no write when nothing
    /// changed), then asks to look again when a ready pod becomes available after minReadySeconds.
    /// </summary>
    private async Task<ReconcileResult> UpdateStatusAsync(V1DaemonSet ds, IReadOnlyList<V1Node> nodes, Dictionary<string, List<V1Pod>> podsByNode,
        string hash, bool observeGeneration)
    {
        var status = DaemonSetStatusCalculator.Compute(ds, nodes, podsByNode, hash, _time.GetUtcNow());
        await StoreStatusAsync(ds, status, observeGeneration ? ds.Metadata.Generation : ds.Status?.ObservedGeneration).ConfigureAwait(false);
        var minReady = ds.Spec.MinReadySeconds ?? 0;
        return minReady > 0 && status.NumberReady != status.NumberAvailable ? ReconcileResult.After(TimeSpan.FromSeconds(minReady)) : ReconcileResult.Done;
    }

    /// <summary>storeDaemonSetStatus: no write when nothing changed; one retry on conflict happens in the update path.</summary>
    private async Task StoreStatusAsync(V1DaemonSet ds, V1DaemonSetStatus status, long? generation)
    {
        var old = ds.Status ?? new V1DaemonSetStatus();
        if (old.DesiredNumberScheduled == status.DesiredNumberScheduled && old.CurrentNumberScheduled == status.CurrentNumberScheduled
            && old.NumberMisscheduled == status.NumberMisscheduled && old.NumberReady == status.NumberReady
            && (old.NumberAvailable ?? 0) == (status.NumberAvailable ?? 0) && (old.NumberUnavailable ?? 0) == (status.NumberUnavailable ?? 0)
            && (old.UpdatedNumberScheduled ?? 0) == (status.UpdatedNumberScheduled ?? 0)
            && (old.ObservedGeneration ?? 0) >= (generation ?? 0))
        {
            return;
        }
        await _client.UpdateAsync<V1DaemonSet>(ds.Metadata.NamespaceProperty, ds.Metadata.Name, d =>
        {
            var s = d.Status ??= new V1DaemonSetStatus();
            s.DesiredNumberScheduled = status.DesiredNumberScheduled;
            s.CurrentNumberScheduled = status.CurrentNumberScheduled;
            s.NumberMisscheduled = status.NumberMisscheduled;
            s.NumberReady = status.NumberReady;
            s.NumberAvailable = status.NumberAvailable;
            s.NumberUnavailable = status.NumberUnavailable;
            s.UpdatedNumberScheduled = status.UpdatedNumberScheduled;
            s.ObservedGeneration = generation;
            return true;
        }, status: true).ConfigureAwait(false);
    }
}
