using k8s.Models;
using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Selectors;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers.Events;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.StatefulSets;

/// <summary>
/// The StatefulSet controller (pkg/controller/statefulset/stateful_set.go sync and stateful_set_control.go
/// UpdateStatefulSet). Each sync re-reads the set from the informer, adopts its orphan revisions, claims the pods
/// named after it that its selector matches, finds or makes the current and update revisions, decides with
/// <see cref="StatefulSetPlanner"/>, makes the writes in order (stateful_pod_control.go, with its events), records
/// the status and trims the revision history. Upstream keeps no expectations here: a write the cache has not shown
/// yet is made again and refused; a refused delete or update (NotFound, Conflict) ends the pass, a refused create
/// (AlreadyExists) fails it, so it is logged and requeued with backoff until the cache catches up.
/// </summary>
public sealed class StatefulSetController : IControlLoop, IReconciler<string>
{
    public const string Component = "statefulset-controller";

    private readonly SharedInformers _informers;
    private readonly ObjectClient _client;
    private readonly ResourceService _service;
    private readonly ResourceRegistry _registry;
    private readonly EventRecorder _events;
    private readonly TimeProvider _time;
    private readonly ILogger<StatefulSetController> _logger;
    private readonly ControllerHost<string> _host;
    private readonly ControllerRefManager _refs;
    private readonly StatefulSetHistory _history;
    private readonly StatefulSetClaims _claims;

    public StatefulSetController(SharedInformers informers, ResourceService service, ISender sender, ResourceRegistry registry, EventRecorder events,
        TimeProvider time, ControllerOptions options, ILogger<StatefulSetController> logger)
    {
        _informers = informers;
        _service = service;
        _registry = registry;
        _client = new ObjectClient(sender, registry, ObjectClient.ServiceAccount(Component));
        _events = events;
        _time = time;
        _logger = logger;
        _host = new ControllerHost<string>(this, options.StatefulSetWorkers, time, logger, queueName: "statefulset");
        _refs = new ControllerRefManager(_client);
        _history = new StatefulSetHistory(_client, _refs, informers, service, registry);
        _claims = new StatefulSetClaims(_client, service, registry, events);
        var handlers = new StatefulSetEventHandlers(informers, _host.Queue);
        informers.StatefulSets.AddHandler(handlers);
        informers.Pods.AddHandler(handlers);
    }

    public string Name => Component;

    public Task RunAsync(CancellationToken ct)
    {
        _informers.StatefulSets.EnqueueAll(_host.Queue);
        return _host.RunAsync(ct);
    }

    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken ct)
    {
        var set = _informers.StatefulSets.GetByKey(key);
        if (set is null)
        {
            return ReconcileResult.Done;
        }
        LabelSelector selector;
        try
        {
            selector = LabelSelector.FromModel(set.Spec.Selector);
        }
        catch (FormatException ex)
        {
            _logger.LogError(ex, "statefulset {StatefulSet}: invalid selector", key);
            return ReconcileResult.Done;
        }
        var revisions = await _history.ListAsync(set, selector, () => CanAdopt(set)).ConfigureAwait(false);
        var candidates = _informers.Pods.ByIndex(SharedInformers.ByNamespace, set.Metadata.NamespaceProperty);
        var pods = await _refs.ClaimAsync(StatefulPods.OwnerRef(set), set.Metadata.DeletionTimestamp is not null, selector, candidates,
            () => CanAdopt(set), p => StatefulPods.IsMemberOf(set, p)).ConfigureAwait(false);
        var live = await _history.RevisionsAsync(set, revisions).ConfigureAwait(false);
        var plan = StatefulSetPlanner.Plan(set, pods, live, _time.GetUtcNow());
        Exception? failure = null;
        try
        {
            await _claims.SyncOwnersAsync(set, pods).ConfigureAwait(false);
            foreach (var action in plan.Actions)
            {
                if (!await ExecuteAsync(set, action).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        catch (ApiException ex)
        {
            failure = ex;
        }
        await StoreStatusAsync(set, plan.Status).ConfigureAwait(false);
        await _history.TruncateAsync(set, pods, revisions, live).ConfigureAwait(false);
        if (failure is not null)
        {
            throw new InvalidOperationException($"statefulset {key}: {failure.Message}", failure);
        }
        var minReady = set.Spec.MinReadySeconds ?? 0;
        return minReady > 0 && plan.Status.AvailableReplicas != set.Spec.Replicas ? ReconcileResult.After(TimeSpan.FromSeconds(minReady)) : ReconcileResult.Done;
    }

    /// <summary>One write; false when the cache was behind (the pod to delete or update is gone) and the pass should end.</summary>
    private async Task<bool> ExecuteAsync(V1StatefulSet set, StatefulPodAction action)
    {
        var pod = action.Pod;
        switch (action.Kind)
        {
            case StatefulPodActionKind.Create:
                return await CreateAsync(set, pod).ConfigureAwait(false);
            // Without RecreatingFailedPod/RecreatingTerminatedPod events since 1.30 (kubernetes#123809, "event spam").
            case StatefulPodActionKind.RecreateFailed:
            case StatefulPodActionKind.RecreateSucceeded:
            case StatefulPodActionKind.Delete:
                return await DeleteAsync(set, pod).ConfigureAwait(false);
            default:
                return await UpdateIdentityAsync(set, pod).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// CreateStatefulPod: the pod's claims first, then the pod. An AlreadyExists gets no event but fails the pass, as
    /// upstream returns it: the sync is logged, counted and requeued with backoff, so a pod of this name that the set
    /// does not own (released, or someone else's) never stops the set in silence, and informer lag costs one retry.
    /// </summary>
    private async Task<bool> CreateAsync(V1StatefulSet set, V1Pod pod)
    {
        try
        {
            await _claims.CreateMissingAsync(set, pod).ConfigureAwait(false);
            await _client.CreateAsync(pod).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Reason != "AlreadyExists")
        {
            RecordPodEvent("create", set, pod, ex);
            throw;
        }
        RecordPodEvent("create", set, pod, null);
        return true;
    }

    private async Task<bool> DeleteAsync(V1StatefulSet set, V1Pod pod)
    {
        try
        {
            await _client.DeleteAsync<V1Pod>(pod.Metadata.NamespaceProperty, pod.Metadata.Name, new DeleteOptions(PreconditionUid: pod.Metadata.Uid)).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code is 404 or 409)
        {
            return false;
        }
        catch (ApiException ex)
        {
            RecordPodEvent("delete", set, pod, ex);
            throw;
        }
        RecordPodEvent("delete", set, pod, null);
        return true;
    }

    /// <summary>UpdateStatefulPod: only the identity labels; the pod's volumes cannot change once it exists.</summary>
    private async Task<bool> UpdateIdentityAsync(V1StatefulSet set, V1Pod pod)
    {
        var changed = false;
        try
        {
            await _client.UpdateAsync<V1Pod>(pod.Metadata.NamespaceProperty, pod.Metadata.Name, p =>
                changed = p.Metadata.Uid == pod.Metadata.Uid && StatefulPods.SetIdentityLabels(p)).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code == 404)
        {
            return false;
        }
        catch (ApiException ex)
        {
            RecordPodEvent("update", set, pod, ex);
            throw;
        }
        if (changed)
        {
            RecordPodEvent("update", set, pod, null);
        }
        return true;
    }

    /// <summary>recordPodEvent: Successful&lt;Verb&gt; or Failed&lt;Verb&gt;, in upstream's words.</summary>
    private void RecordPodEvent(string verb, V1StatefulSet set, V1Pod pod, ApiException? error)
    {
        var title = char.ToUpperInvariant(verb[0]) + verb[1..];
        if (error is null)
        {
            _events.Normal(set, "Successful" + title, $"{verb} Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} successful", Component);
        }
        else
        {
            _events.Warning(set, "Failed" + title, $"{verb} Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} failed error: {error.Message}", Component);
        }
    }

    /// <summary>canAdoptFunc (RecheckDeletionTimestamp): only the set as stored now may adopt.</summary>
    private bool CanAdopt(V1StatefulSet set)
    {
        var stored = _service.TryGet(_registry.StatefulSets, set.Metadata.NamespaceProperty, set.Metadata.Name);
        if (stored is null)
        {
            return false;
        }
        var fresh = ModelCodec.Decode<V1StatefulSet>(stored.Json);
        return fresh.Metadata.Uid == set.Metadata.Uid && fresh.Metadata.DeletionTimestamp is null;
    }

    /// <summary>updateStatefulSetStatus: no write when the status is what is stored (inconsistentStatus).</summary>
    private async Task StoreStatusAsync(V1StatefulSet set, V1StatefulSetStatus status)
    {
        status.Conditions = set.Status?.Conditions;
        if (Semantic.DeepEqual(set.Status, status))
        {
            return;
        }
        try
        {
            await _client.UpdateAsync<V1StatefulSet>(set.Metadata.NamespaceProperty, set.Metadata.Name, s =>
            {
                if (s.Metadata.Uid != set.Metadata.Uid)
                {
                    return false;
                }
                s.Status = status;
                return true;
            }, status: true).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code == 404)
        {
            // Deleted since the cache showed it; its delete event ends the work.
        }
    }
}
