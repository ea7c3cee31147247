using k8s;
using k8s.Models;
using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Selectors;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers.Events;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.ReplicaSets;

/// <summary>
/// The ReplicaSet controller (pkg/controller/replicaset/replica_set.go syncReplicaSet). Reconcile claims the pods
/// the selector matches, creates or deletes the difference to spec.replicas once the previous round's writes were
/// observed (<see cref="ControllerExpectations"/>: the informer lags behind our own writes, and acting on a stale
/// count would create or delete twice), and stores the status computed from the cache. The objects come from an
/// <see cref="IReplicaSetSource"/>, so the replication manager is this controller over ReplicationControllers, as upstream's.
/// </summary>
public class ReplicaSetController : IControlLoop, IReconciler<string>
{
    public const string Component = "replicaset-controller";

    /// <summary>burstReplicas: at most this many creations or deletions per sync (upstream's default).</summary>
    public const int BurstReplicas = 500;

    private readonly SharedInformers _informers;
    private readonly IReplicaSetSource _source;
    private readonly ObjectClient _client;
    private readonly ResourceService _service;
    private readonly EventRecorder _events;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ControllerHost<string> _host;
    private readonly ControllerExpectations _expectations;
    private readonly ControllerRefManager _refs;

    public ReplicaSetController(SharedInformers informers, ResourceService service, ISender sender, ResourceRegistry registry, EventRecorder events,
        TimeProvider time, ControllerOptions options, ILogger<ReplicaSetController> logger)
        : this(new ReplicaSetSource<V1ReplicaSet>(informers.ReplicaSets, registry.ReplicaSets, Component, "replicaset", "replicaset-controller", rs => rs, (rs, status) => rs.Status = status),
            options.ReplicaSetWorkers, informers, service, sender, registry, events, time, logger)
    {
    }

    protected ReplicaSetController(IReplicaSetSource source, int workers, SharedInformers informers, ResourceService service, ISender sender,
        ResourceRegistry registry, EventRecorder events, TimeProvider time, ILogger logger)
    {
        _informers = informers;
        _source = source;
        _service = service;
        _client = new ObjectClient(sender, registry, ObjectClient.ServiceAccount(source.ServiceAccount));
        _events = events;
        _time = time;
        _logger = logger;
        _host = new ControllerHost<string>(this, workers, time, logger, queueName: source.QueueName);
        _expectations = new ControllerExpectations(time, source.Component);
        _refs = new ControllerRefManager(_client);
        var handlers = new ReplicaSetEventHandlers(source, _host.Queue, _expectations);
        source.AddHandler(handlers);
        informers.Pods.AddHandler(handlers);
    }

    public string Name => _source.Component;

    public void InformersRelisted() => _expectations.Clear();

    public Task RunAsync(CancellationToken ct)
    {
        _source.EnqueueAll(_host.Queue);
        return _host.RunAsync(ct);
    }

    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken ct)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var rs = _source.Get(key[..slash], key[(slash + 1)..]);
        if (rs is null)
        {
            _expectations.DeleteExpectations(key);
            return ReconcileResult.Done;
        }
        var needsSync = _expectations.SatisfiedExpectations(key);
        LabelSelector selector;
        try
        {
            selector = LabelSelector.FromModel(rs.Spec.Selector);
        }
        catch (FormatException ex)
        {
            _logger.LogError(ex, "{Kind} {ReplicaSet}: invalid selector", _source.Type.Singular, key);
            return ReconcileResult.Done;
        }
        var candidates = _informers.Pods.ByIndex(SharedInformers.ByNamespace, rs.Metadata.NamespaceProperty).Where(ReplicaSetPods.IsActive);
        var pods = await _refs.ClaimAsync(_source.OwnerRef(rs), rs.Metadata.DeletionTimestamp is not null, selector, candidates, () => CanAdopt(rs)).ConfigureAwait(false);
        (string Message, string Reason)? failure = null;
        if (needsSync && rs.Metadata.DeletionTimestamp is null)
        {
            failure = await ManageReplicasAsync(key, rs, pods).ConfigureAwait(false);
        }
        var status = ReplicaSetStatusCalculator.Compute(rs, pods, failure?.Message, failure?.Reason, _time.GetUtcNow());
        status.ObservedGeneration = rs.Metadata.Generation;
        await StoreStatusAsync(rs, status).ConfigureAwait(false);
        if (failure is { } f)
        {
            throw new InvalidOperationException($"{_source.Type.Singular} {key}: {f.Message}");
        }
        var minReady = rs.Spec.MinReadySeconds ?? 0;
        return minReady > 0 && status.ReadyReplicas != status.AvailableReplicas ? ReconcileResult.After(TimeSpan.FromSeconds(minReady)) : ReconcileResult.Done;
    }

    /// <summary>RecheckDeletionTimestamp: only the ReplicaSet as stored now may adopt, never one the GC is orphaning.</summary>
    private bool CanAdopt(V1ReplicaSet rs)
    {
        try
        {
            var fresh = (IKubernetesObject<V1ObjectMeta>)ModelCodec.DecodeStored(_service.Get(_source.Type, rs.Metadata.NamespaceProperty, rs.Metadata.Name).Json, _source.Type.ModelType);
            return fresh.Metadata.Uid == rs.Metadata.Uid && fresh.Metadata.DeletionTimestamp is null;
        }
        catch (ApiException ex) when (ex.Code == 404)
        {
            return false;
        }
    }

    /// <summary>
    /// manageReplicas: creations in slow-start batches (1, 2, 4, ...) that stop at the first failure, so a quota or
    /// admission error costs one request rather than hundreds; deletions in parallel, least valuable pods first.
    /// Returns the failure, which becomes the ReplicaFailure condition.
    /// </summary>
    private async Task<(string, string)?> ManageReplicasAsync(string key, V1ReplicaSet rs, List<V1Pod> pods)
    {
        var diff = pods.Count - (rs.Spec.Replicas ?? 1);
        if (diff < 0)
        {
            var toCreate = Math.Min(-diff, BurstReplicas);
            _expectations.ExpectCreations(key, toCreate);
            var (created, error) = await SlowStartBatchAsync(toCreate, () => CreatePodAsync(rs)).ConfigureAwait(false);
            // Failed and skipped creations will never be observed; forget them so the next sync can retry.
            _expectations.LowerExpectations(key, toCreate - created, 0);
            return error is null ? null : (error, "FailedCreate");
        }
        if (diff > 0)
        {
            var toDelete = PodDeletionRanking.PodsToDelete(pods, RelatedPods(rs), Math.Min(diff, BurstReplicas), _time.GetUtcNow());
            _expectations.ExpectDeletions(key, toDelete.Count);
            string? error = null;
            await Parallel.ForEachAsync(toDelete, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (pod, _) =>
            {
                if (await DeletePodAsync(key, rs, pod).ConfigureAwait(false) is { } failed)
                {
                    error = failed;
                }
            }).ConfigureAwait(false);
            return error is null ? null : (error, "FailedDelete");
        }
        return null;
    }

    /// <summary>slowStartBatch: the number of successful calls and the first error.</summary>
    private static async Task<(int Created, string? Error)> SlowStartBatchAsync(int count, Func<Task<string?>> create)
    {
        var done = 0;
        for (var batch = Math.Min(count, 1); done < count; batch = Math.Min(2 * batch, count - done))
        {
            var results = await Task.WhenAll(Enumerable.Range(0, batch).Select(_ => create())).ConfigureAwait(false);
            var failed = results.FirstOrDefault(r => r is not null);
            done += results.Count(r => r is null);
            if (failed is not null)
            {
                return (done, failed);
            }
        }
        return (done, null);
    }

    /// <summary>getIndirectlyRelatedPods: the pods of every ReplicaSet that shares this one's controller (its Deployment).</summary>
    private List<V1Pod> RelatedPods(V1ReplicaSet rs)
    {
        var owner = rs.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
        var siblings = owner is null ? [rs] : _source.OwnedBy(owner.Uid);
        return [.. siblings.SelectMany(s => _informers.Pods.ByIndex(SharedInformers.ByOwner, s.Metadata.Uid)).Where(ReplicaSetPods.IsActive).DistinctBy(p => p.Metadata.Uid)];
    }

    private async Task<string?> CreatePodAsync(V1ReplicaSet rs)
    {
        var key = ReplicaSetEventHandlers.Key(rs.Metadata);
        try
        {
            var pod = await _client.CreateAsync(ReplicaSetPods.Build(rs, _source.OwnerRef(rs))).ConfigureAwait(false);
            _events.Normal(rs, "SuccessfulCreate", $"Created pod: {pod.Metadata.Name}", _source.Component);
            return null;
        }
        catch (Exception ex)
        {
            _events.Warning(rs, "FailedCreate", $"Error creating: {ex.Message}", _source.Component);
            _logger.LogError(ex, "{Kind} {ReplicaSet}: creating a pod failed", _source.Type.Singular, key);
            return ex.Message;
        }
    }

    private async Task<string?> DeletePodAsync(string key, V1ReplicaSet rs, V1Pod pod)
    {
        try
        {
            await _client.DeleteAsync<V1Pod>(pod.Metadata.NamespaceProperty, pod.Metadata.Name, new DeleteOptions(PreconditionUid: pod.Metadata.Uid)).ConfigureAwait(false);
            _events.Normal(rs, "SuccessfulDelete", $"Deleted pod: {pod.Metadata.Name}", _source.Component);
            return null;
        }
        catch (ApiException ex) when (ex.Code is 404 or 409)
        {
            // Already gone, or replaced under its name: no deletion event will come for this uid.
            _expectations.DeletionObserved(key);
            return null;
        }
        catch (Exception ex)
        {
            _expectations.DeletionObserved(key);
            _events.Warning(rs, "FailedDelete", $"Error deleting: {ex.Message}", _source.Component);
            _logger.LogError(ex, "{Kind} {ReplicaSet}: deleting pod {Pod} failed", _source.Type.Singular, key, pod.Metadata.Name);
            return ex.Message;
        }
    }

    /// <summary>updateReplicaSetStatus: no write when nothing changed.</summary>
    private async Task StoreStatusAsync(V1ReplicaSet rs, V1ReplicaSetStatus status)
    {
        var old = rs.Status ?? new V1ReplicaSetStatus();
        if (old.Replicas == status.Replicas && (old.FullyLabeledReplicas ?? 0) == (status.FullyLabeledReplicas ?? 0)
            && (old.ReadyReplicas ?? 0) == (status.ReadyReplicas ?? 0) && (old.AvailableReplicas ?? 0) == (status.AvailableReplicas ?? 0)
            && old.ObservedGeneration == status.ObservedGeneration
            && Application.Admission.Semantic.DeepEqual(old.Conditions, status.Conditions))
        {
            return;
        }
        try
        {
            await _source.UpdateStatusAsync(_client, rs, status).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code == 404)
        {
            // Deleted since the cache showed it; its delete event ends the work.
        }
    }
}
