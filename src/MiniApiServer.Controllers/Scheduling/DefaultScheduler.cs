using System.Collections.Concurrent;
using k8s.Models;
using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Clock;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Controllers.Events;
using MiniApiServer.Controllers.Runtime;
using MiniApiServer.Controllers.Scheduling.Plugins;
using MiniApiServer.Controllers.Volumes;

namespace MiniApiServer.Controllers.Scheduling;

/// <summary>
/// kube-scheduler's default profile for pods with schedulerName default-scheduler (pkg/scheduler/schedule_one.go):
/// pick a node under one lock (the scheduling cycle, so two workers never place onto the same free space),
/// assume the pod there, then bind outside the lock (the binding cycle). Failures record PodScheduled=False
/// and a FailedScheduling event, and the pod is retried after backoff or when a node or pod event could help.
/// It reads the informers as they are, never waiting for them: assumed pods cover the gap between a bind
/// and the informer showing it, as the scheduler cache does upstream.
/// </summary>
public sealed class DefaultScheduler : IControlLoop, IReconciler<string>
{
    public const string Component = PodSchedulingState.SchedulerName;

    private readonly SharedInformers _informers;
    private readonly ObjectClient _client;
    private readonly EventRecorder _events;
    private readonly TimeProvider _time;
    private readonly ControllerHost<string> _host;
    private readonly WorkQueue<string> _queue;
    private readonly UnschedulablePods _unschedulable = new();
    private readonly AssumedPods _assumed = new();
    private readonly Lock _cycle = new();
    private readonly NodeSearchCursor _cursor = new();
    private readonly ConcurrentDictionary<string, VolumeWait> _volumeWaits = new(StringComparer.Ordinal);
    private readonly TimeSpan _volumeBindTimeout;
    private int _handlersAdded;

    public DefaultScheduler(SharedInformers informers, ISender sender, ResourceRegistry registry, EventRecorder events, TimeProvider time,
        ControllerOptions options, ILogger<DefaultScheduler> logger)
    {
        _informers = informers;
        // kube-scheduler authenticates as system:kube-scheduler, not as a kube-system service account.
        _client = new ObjectClient(sender, registry, "system:kube-scheduler");
        _events = events;
        _time = time;
        _host = new ControllerHost<string>(this, options.SchedulerWorkers, time, logger);
        _queue = _host.Queue;
        _volumeBindTimeout = options.VolumeBindTimeout;
    }

    public string Name => Component;

    string IControlLoop.LeaderLease => LeaderElection.Components.Scheduler;

    // Binds finish inside ReconcileAsync, so no assumption is in flight between two leaderships: one left is a bind the
    // stopped informers never showed.
    public void InformersRelisted()
    {
        _assumed.Clear();
        _volumeWaits.Clear();
    }

    public Task RunAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _handlersAdded, 1) == 0)
        {
            _informers.Pods.AddHandler(new SchedulerPodHandler(_queue, _unschedulable, _assumed));
            _informers.Nodes.AddHandler(new SchedulerNodeHandler(_queue, _unschedulable));
            _informers.PersistentVolumeClaims.AddHandler(new SchedulerClaimHandler(_queue, _informers.Pods));
            _informers.PersistentVolumes.AddHandler(new SchedulerVolumeHandler(_queue, _unschedulable, _informers.Pods));
        }
        // Handlers only see changes from now on; pods already pending are queued here.
        foreach (var pod in _informers.Pods.List().Where(PodSchedulingState.NeedsScheduling))
        {
            _queue.Add(PodSchedulingState.Key(pod));
        }
        return _host.RunAsync(ct);
    }

    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken ct)
    {
        var separator = key.IndexOf('/', StringComparison.Ordinal);
        var pod = _informers.Pods.Get(key[..separator], key[(separator + 1)..]);
        if (pod is null || !PodSchedulingState.NeedsScheduling(pod))
        {
            _unschedulable.Remove(key);
            if (_volumeWaits.TryRemove(key, out var gone))
            {
                _assumed.Forget(gone.Uid);
            }
            return ReconcileResult.Done;
        }
        if (_volumeWaits.TryGetValue(key, out var wait))
        {
            return await ContinueVolumeWaitAsync(key, pod, wait).ConfigureAwait(false);
        }
        if (_assumed.IsAssumed(pod.Metadata.Uid))
        {
            // skipPodSchedule: bound (or being bound) by us, the informer just has not shown it yet. Its
            // update event retires the assumption; scheduling it again would bind twice.
            return ReconcileResult.Done;
        }
        var filters = SchedulingAlgorithm.DefaultFilters;
        VolumeBindingPlugin? volumes = null;
        if (VolumeBindingPlugin.HasClaims(pod))
        {
            var (rejection, plugin) = VolumeBindingPlugin.PreFilter(pod, _informers.PersistentVolumeClaims.Get, v => _informers.PersistentVolumes.Get("", v),
                _informers.PersistentVolumes.Snapshot, c => _informers.StorageClasses.Get("", c));
            if (rejection is not null)
            {
                var nodes = _informers.Nodes.Snapshot().Count;
                return await RecordFailureAsync(key, pod, nodes == 0 ? ScheduleResult.NoNodesAvailable : FitError.PreFilterRejected(nodes, rejection)).ConfigureAwait(false);
            }
            volumes = plugin!;
            filters = [.. filters, volumes];
        }
        ScheduleResult result;
        lock (_cycle)
        {
            result = SchedulingAlgorithm.Schedule(pod, _informers.Nodes.Snapshot(), NodeInfoFor, filters, n => _informers.Nodes.Get("", n), _cursor);
            if (result.NodeName is { } chosen)
            {
                _assumed.Assume(pod, chosen);
            }
        }
        if (result.NodeName is { } target && volumes is { WaitsForBinding: true })
        {
            return await BindVolumesAsync(key, pod, volumes, target).ConfigureAwait(false);
        }
        return result.NodeName is { } node
            ? await BindAsync(key, pod, node).ConfigureAwait(false)
            : await RecordFailureAsync(key, pod, result.FailureMessage!).ConfigureAwait(false);
    }

    /// <summary>
    /// AssumePodVolumes and BindPodVolumes: pre-bind the chosen volumes and give the claims to provision the node;
    /// the pod stays assumed there (its resources held) while PreBind waits, polling every second as upstream, for
    /// every claim to be bound (<see cref="ContinueVolumeWaitAsync"/>). A claim's change wakes it sooner.
    /// </summary>
    private async Task<ReconcileResult> BindVolumesAsync(string key, V1Pod pod, VolumeBindingPlugin volumes, string nodeName)
    {
        var provisioned = new List<string>();
        try
        {
            if (_informers.Nodes.Get("", nodeName) is { } node && volumes.Plan(node) is { } plan)
            {
                provisioned.AddRange(plan.Provisions.Select(c => c.Metadata.Name));
                foreach (var (claim, volume) in plan.StaticBindings)
                {
                    await PreBindVolumeAsync(claim, volume).ConfigureAwait(false);
                }
                foreach (var claim in plan.Provisions.Where(c => !VolumeAnnotations.Has(c.Metadata.Annotations, VolumeAnnotations.SelectedNode)))
                {
                    await SelectNodeAsync(claim, nodeName).ConfigureAwait(false);
                }
            }
        }
        catch
        {
            _assumed.Forget(pod.Metadata.Uid);
            throw;
        }
        _unschedulable.Remove(key);
        _volumeWaits[key] = new VolumeWait(pod.Metadata.Uid, nodeName, _time.GetUtcNow(), provisioned);
        return ReconcileResult.After(TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// checkBindings: bind the pod once every claim is bound; fail the binding cycle (the assumption released, a
    /// SchedulerError recorded, the pod scheduled again) when a claim lost its node or the bind timeout passed.
    /// </summary>
    private async Task<ReconcileResult> ContinueVolumeWaitAsync(string key, V1Pod pod, VolumeWait wait)
    {
        if (wait.Uid != pod.Metadata.Uid)
        {
            _volumeWaits.TryRemove(key, out _);
            _assumed.Forget(wait.Uid);
            return ReconcileResult.After(TimeSpan.Zero);
        }
        var error = VolumeWaitError(pod, wait);
        if (error is null && VolumeBindingPlugin.ClaimsBound(pod, _informers.PersistentVolumeClaims.Get))
        {
            _volumeWaits.TryRemove(key, out _);
            return await BindAsync(key, pod, wait.Node).ConfigureAwait(false);
        }
        if (error is null && _time.GetUtcNow() - wait.Since < _volumeBindTimeout)
        {
            return ReconcileResult.After(TimeSpan.FromSeconds(1));
        }
        _volumeWaits.TryRemove(key, out _);
        _assumed.Forget(pod.Metadata.Uid);
        // wait.PollUntilContextTimeout's error, wrapped by BindPodVolumes and then by RunPreBindPlugins.
        var message = $"running PreBind plugin \"VolumeBinding\": binding volumes: {error ?? "context deadline exceeded"}";
        return await RecordFailureAsync(key, pod, message, PodScheduledCondition.SchedulerError).ConfigureAwait(false);
    }

    /// <summary>checkBindings' errors for a claim given to the node: gone, or its selected node reset (a provisioner gave it back).</summary>
    private string? VolumeWaitError(V1Pod pod, VolumeWait wait)
    {
        foreach (var name in wait.Provisioned)
        {
            if (_informers.PersistentVolumeClaims.Get(pod.Metadata.NamespaceProperty ?? "", name) is not { } claim)
            {
                return $"failed to check provisioning pvc: persistentvolumeclaim \"{name}\" not found";
            }
            if (!VolumeMatching.IsFullyBound(claim) && string.IsNullOrEmpty(claim.Spec?.VolumeName)
                && VolumeAnnotations.Get(claim.Metadata.Annotations, VolumeAnnotations.SelectedNode) != wait.Node)
            {
                return $"selectedNode annotation reset for PVC \"{name}\"";
            }
        }
        return null;
    }

    // GetBindVolumeToClaim: the volume names the claim (with its uid), marked as bound by a controller; the PV
    // controller completes the bind. A volume taken meanwhile is left alone, and the next cycle chooses again.
    private async Task PreBindVolumeAsync(V1PersistentVolumeClaim claim, V1PersistentVolume volume)
    {
        try
        {
            await _client.UpdateAsync<V1PersistentVolume>("", volume.Metadata.Name, v =>
            {
                if (v.Spec.ClaimRef is not null || v.Metadata.Uid != volume.Metadata.Uid)
                {
                    return false;
                }
                v.Spec.ClaimRef = VolumeMatching.ClaimReference(claim);
                (v.Metadata.Annotations ??= new Dictionary<string, string>())[VolumeAnnotations.BoundByController] = VolumeAnnotations.Yes;
                return true;
            }).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code == 404)
        {
            // Deleted meanwhile: the next cycle finds another volume or provisions.
        }
    }

    private async Task SelectNodeAsync(V1PersistentVolumeClaim claim, string nodeName)
    {
        try
        {
            await _client.UpdateAsync<V1PersistentVolumeClaim>(claim.Metadata.NamespaceProperty, claim.Metadata.Name, c =>
            {
                if (c.Metadata.Uid != claim.Metadata.Uid || VolumeAnnotations.Has(c.Metadata.Annotations, VolumeAnnotations.SelectedNode))
                {
                    return false;
                }
                (c.Metadata.Annotations ??= new Dictionary<string, string>())[VolumeAnnotations.SelectedNode] = nodeName;
                return true;
            }).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code == 404)
        {
            // Deleted meanwhile: the next cycle's PreFilter says so.
        }
    }

    private NodeInfo NodeInfoFor(V1Node node)
    {
        var bound = _informers.Pods.ByIndex(SharedInformers.ByNode, node.Metadata.Name).Where(PodSchedulingState.OccupiesNode).ToList();
        bound.AddRange(_assumed.On(node.Metadata.Name, bound));
        return new NodeInfo(node, bound);
    }

    private async Task<ReconcileResult> BindAsync(string key, V1Pod pod, string node)
    {
        var ns = pod.Metadata.NamespaceProperty;
        try
        {
            await _client.BindAsync(pod, node).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code is 404 or 409)
        {
            // Deleted, being deleted, or bound by someone else: nothing left to schedule.
            _assumed.Forget(pod.Metadata.Uid);
            _unschedulable.Remove(key);
            return ReconcileResult.Done;
        }
        catch
        {
            _assumed.Forget(pod.Metadata.Uid);
            throw;
        }
        _unschedulable.Remove(key);
        _events.Normal(pod, "Scheduled", $"Successfully assigned {ns}/{pod.Metadata.Name} to {node}", Component);
        return ReconcileResult.Done;
    }

    private async Task<ReconcileResult> RecordFailureAsync(string key, V1Pod pod, string message, string reason = PodScheduledCondition.Unschedulable)
    {
        var now = KubeTime.Time(_time.GetUtcNow());
        try
        {
            await _client.UpdateAsync<V1Pod>(pod.Metadata.NamespaceProperty, pod.Metadata.Name,
                current => PodScheduledCondition.SetUnschedulable(current, pod.Metadata.Uid, message, now, reason),
                status: true).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code == 404)
        {
            _unschedulable.Remove(key);
            return ReconcileResult.Done;
        }
        _events.Warning(pod, "FailedScheduling", message, Component);
        return ReconcileResult.After(_unschedulable.Failed(key, PinnedNode(pod)));
    }

    private static string? PinnedNode(V1Pod pod) =>
        NodeAffinityPlugin.PreFilterNodeNames(pod) is { Count: 1 } names ? names.First() : null;

    /// <summary>A pod assumed on a node while its claims are bound there.</summary>
    private sealed record VolumeWait(string Uid, string Node, DateTimeOffset Since, IReadOnlyList<string> Provisioned);
}
