using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using k8s.Models;
using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Commands;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Controllers.Events;
using MiniApiServer.Controllers.Runtime;
using MiniApiServer.Storage;

namespace MiniApiServer.Controllers.Autoscaling;

/// <summary>
/// The HPA controller (pkg/controller/podautoscaler/horizontal.go, reconcileAutoscaler): every sync period each
/// autoscaler reads its target's scale, proposes a replica count from its metrics (resource metrics from
/// metrics.k8s.io; there is no custom or external metrics API), normalizes it, writes the scale when it differs,
/// and records status, conditions and events in upstream's words. Level-based: the work is re-read by key each time.
/// </summary>
public sealed class HorizontalPodAutoscalerController : IControlLoop, IReconciler<string>, IInformerHandler<V2HorizontalPodAutoscaler>
{
    public const string Component = "horizontal-pod-autoscaler";

    private readonly SharedInformers _informers;
    private readonly ResourceService _service;
    private readonly ISender _sender;
    private readonly ObjectClient _client;
    private readonly EventRecorder _events;
    private readonly TimeProvider _time;
    private readonly ILogger<HorizontalPodAutoscalerController> _logger;
    private readonly ControllerHost<string> _host;
    private readonly TimeSpan _syncPeriod;
    private readonly HpaTuning _tuning;
    private readonly ConcurrentDictionary<string, AutoscalerMemory> _memory = new(StringComparer.Ordinal);
    private readonly HpaSelectors _selectors = new();

    public HorizontalPodAutoscalerController(SharedInformers informers, ResourceService service, ISender sender, EventRecorder events,
        TimeProvider time, ControllerOptions options, ILogger<HorizontalPodAutoscalerController> logger)
    {
        _informers = informers;
        _service = service;
        _sender = sender;
        _client = new ObjectClient(sender, service.Registry, User);
        _events = events;
        _time = time;
        _logger = logger;
        _syncPeriod = options.HorizontalPodAutoscalerSyncPeriod;
        _tuning = HpaTuning.From(options);
        _host = new ControllerHost<string>(this, workers: 5, time, logger, queueName: "horizontalpodautoscaler");
        informers.HorizontalPodAutoscalers.AddHandler(this);
    }

    private static string User => ObjectClient.ServiceAccount("horizontal-pod-autoscaler");

    public string Name => "horizontal-pod-autoscaler-controller";

    public Task RunAsync(CancellationToken ct)
    {
        foreach (var hpa in _informers.HorizontalPodAutoscalers.List())
        {
            OnAdd(hpa);
        }
        return _host.RunAsync(ct);
    }

    // enqueueHPA: every request waits one sync period, and one already waiting absorbs the next, so an autoscaler is
    // reconciled once a period however often it (or its own status write) changes.
    public void OnAdd(V2HorizontalPodAutoscaler obj) => _host.Queue.AddAfter(Key(obj), _syncPeriod);

    public void OnUpdate(V2HorizontalPodAutoscaler oldObj, V2HorizontalPodAutoscaler newObj) => _host.Queue.AddAfter(Key(newObj), _syncPeriod);

    public void OnDelete(V2HorizontalPodAutoscaler obj) => Forget(Key(obj));

    // A new tenure starts from nothing, as a kube-controller-manager that lost its lease exits and starts empty:
    // recommendations and scale events of an earlier one would hold scaling back for a window they no longer describe.
    public void InformersRelisted()
    {
        _memory.Clear();
        _selectors.Clear();
    }

    private void Forget(string key)
    {
        _memory.TryRemove(key, out _);
        _selectors.Remove(key);
    }

    private static string Key(V2HorizontalPodAutoscaler hpa) => ObjectKeys.Key(hpa.Metadata.NamespaceProperty ?? "", hpa.Metadata.Name);

    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken ct)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var hpa = _informers.HorizontalPodAutoscalers.Get(key[..slash], key[(slash + 1)..]);
        if (hpa is null)
        {
            Forget(key);
            return ReconcileResult.Done;
        }
        var memory = _memory.GetOrAdd(key, _ => new AutoscalerMemory());
        var sync = new AutoscalerSync(hpa, _time.GetUtcNow());
        try
        {
            await ReconcileAsync(sync, memory, ct).ConfigureAwait(false);
            await WriteStatusAsync(hpa, sync, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The queue's FixedItemIntervalRateLimiter retries a failed sync one period later too, never at once: a
            // status write that keeps failing after a rescale must not rescale again within milliseconds.
            ControllerMetrics.ReconcileErrors.WithLabels(Name).Inc();
            _logger.LogError(ex, "{Controller}: failed to sync HorizontalPodAutoscaler {Key}", Name, key);
        }
        return ReconcileResult.After(_syncPeriod);
    }

    private async Task ReconcileAsync(AutoscalerSync sync, AutoscalerMemory memory, CancellationToken ct)
    {
        var hpa = sync.Hpa;
        var spec = hpa.Spec;
        ScaleView scale;
        try
        {
            scale = await GetScaleAsync(hpa, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ApiException or MetricException)
        {
            _events.Warning(hpa, "FailedGetScale", ex.Message, Component);
            sync.SetCondition("AbleToScale", "False", "FailedGetScale", $"the HPA controller was unable to get the target's current scale: {ex.Message}");
            return;
        }
        sync.SetCondition("AbleToScale", "True", "SucceededGetScale", "the HPA controller was able to get the target's current scale");
        var current = scale.SpecReplicas;
        sync.CurrentReplicas = current;
        ReplicaNormalizer.RecordInitial(memory, current, sync.Now);
        var min = spec.MinReplicas ?? 1;
        string rescaleReason;
        int desired;
        if (current == 0 && min != 0)
        {
            sync.CurrentMetrics = null;
            sync.DesiredReplicas = 0;
            sync.SetCondition("ScalingActive", "False", "ScalingDisabled", "scaling is disabled since the replica count of the target is zero");
            return;
        }
        if (current > spec.MaxReplicas)
        {
            rescaleReason = "Current number of replicas above Spec.MaxReplicas";
            desired = spec.MaxReplicas;
            sync.CurrentMetrics = null;
        }
        else if (current < min)
        {
            rescaleReason = "Current number of replicas below Spec.MinReplicas";
            desired = min;
            sync.CurrentMetrics = null;
        }
        else
        {
            var proposal = ComputeReplicasForMetrics(sync, scale, current);
            if (proposal is null)
            {
                return;
            }
            desired = proposal.Value.Replicas;
            rescaleReason = desired > current ? $"{proposal.Value.MetricName} above target" : "All metrics below target";
            var normalized = spec.Behavior is null
                ? ReplicaNormalizer.WithoutBehavior(memory, current, desired, min, spec.MaxReplicas, sync.Now, _tuning.DownscaleStabilization)
                : ReplicaNormalizer.WithBehavior(memory, spec.Behavior, current, desired, min, spec.MaxReplicas, sync.Now, _tuning.DownscaleStabilization);
            sync.SetCondition("AbleToScale", "True", normalized.AbleToScale.Code, normalized.AbleToScale.Message);
            sync.SetCondition("ScalingLimited", normalized.Limited ? "True" : "False", normalized.Limit.Code, normalized.Limit.Message);
            desired = normalized.Desired;
        }
        if (desired == current)
        {
            sync.DesiredReplicas = current;
            return;
        }
        try
        {
            await WriteScaleAsync(hpa, scale, desired, ct).ConfigureAwait(false);
        }
        catch (ApiException ex)
        {
            _events.Warning(hpa, "FailedRescale", $"New size: {desired}; reason: {rescaleReason}; error: {ex.Message}", Component);
            sync.SetCondition("AbleToScale", "False", "FailedUpdateScale", $"the HPA controller was unable to update the target scale: {ex.Message}");
            ControllerMetrics.ReconcileErrors.WithLabels(Name).Inc();
            _logger.LogError(ex, "{Controller}: failed to rescale {Reference}", Name, sync.Reference);
            return;
        }
        sync.SetCondition("AbleToScale", "True", "SucceededRescale", $"the HPA controller was able to update the target scale to {desired}");
        _events.Normal(hpa, "SuccessfulRescale", $"New size: {desired}; reason: {rescaleReason}", Component);
        ReplicaNormalizer.StoreScaleEvent(memory, spec.Behavior, current, desired, sync.Now);
        sync.DesiredReplicas = desired;
        sync.Rescaled = true;
    }

    /// <summary>
    /// computeReplicasForMetrics: the selector first, then each metric; the largest proposal wins. Null when no count
    /// can be trusted (every metric failed, or one failed and the rest would scale down): the status keeps the
    /// previous desired count and a FailedComputeMetricsReplicas event says why.
    /// </summary>
    private (int Replicas, string MetricName)? ComputeReplicasForMetrics(AutoscalerSync sync, ScaleView scale, int current)
    {
        var hpa = sync.Hpa;
        // validateAndParseSelector: every way out before the metrics leaves none in the status.
        sync.CurrentMetrics = null;
        if (string.IsNullOrEmpty(scale.Selector))
        {
            _events.Warning(hpa, "SelectorRequired", "selector is required", Component);
            sync.SetCondition("ScalingActive", "False", "InvalidSelector", "the HPA target's scale is missing a selector");
            return Failed(sync, "selector is required");
        }
        Application.Selectors.LabelSelector selector;
        try
        {
            selector = Application.Selectors.LabelSelector.Parse(scale.Selector);
        }
        catch (FormatException ex)
        {
            var message = $"couldn't convert selector into a corresponding internal selector object: {ex.Message}";
            _events.Warning(hpa, "InvalidSelector", message, Component);
            sync.SetCondition("ScalingActive", "False", "InvalidSelector", message);
            return Failed(sync, message);
        }
        var ns = hpa.Metadata.NamespaceProperty ?? "";
        var pods = _informers.Pods.ByIndex(SharedInformers.ByNamespace, ns)
            .Where(p => selector.Matches((p.Metadata.Labels ?? new Dictionary<string, string>()).AsReadOnly()))
            .ToList();
        var controlling = _selectors.Put(Key(hpa), ns, selector, pods);
        if (controlling.Count > 1)
        {
            var message = $"pods by selector {scale.Selector} are controlled by multiple HPAs: [{string.Join(' ', controlling)}]";
            _events.Warning(hpa, "AmbiguousSelector", message, Component);
            sync.SetCondition("ScalingActive", "False", "AmbiguousSelector", message);
            return Failed(sync, message);
        }
        var specs = hpa.Spec.Metrics ?? [];
        var statuses = new List<V2MetricStatus>();
        int replicas = 0, invalid = 0;
        string metricName = "";
        MetricFailure? firstFailure = null;
        foreach (var spec in specs)
        {
            try
            {
                var (proposal, name, status) = MetricProposals.Compute(spec, current, hpa, pods, _tuning, sync.Now);
                statuses.Add(status);
                if (replicas == 0 || proposal > replicas)
                {
                    replicas = proposal;
                    metricName = name;
                }
            }
            catch (MetricFailure failure)
            {
                statuses.Add(new V2MetricStatus { Type = "" });
                _events.Warning(hpa, failure.Reason, failure.Inner, Component);
                invalid++;
                firstFailure ??= failure;
            }
        }
        sync.CurrentMetrics = statuses;
        if (firstFailure is { } first && (invalid >= specs.Count || replicas < current))
        {
            sync.SetCondition("ScalingActive", "False", first.Reason, $"the HPA was unable to compute the replica count: {first.Inner}");
            return Failed(sync, $"invalid metrics ({invalid} invalid out of {specs.Count}), first error is: {first.Message}");
        }
        sync.SetCondition("ScalingActive", "True", "ValidMetricFound", $"the HPA was able to successfully calculate a replica count from {metricName}");
        return (replicas, metricName);
    }

    /// <summary>reconcileAutoscaler when computeReplicasForMetrics gives -1: the error as an event, logged and counted; nothing scales.</summary>
    private (int, string)? Failed(AutoscalerSync sync, string error)
    {
        _events.Warning(sync.Hpa, "FailedComputeMetricsReplicas", error, Component);
        ControllerMetrics.ReconcileErrors.WithLabels(Name).Inc();
        _logger.LogError("{Controller}: failed to compute desired number of replicas based on listed metrics for {Reference}: {Error}", Name, sync.Reference, error);
        return null;
    }

    /// <summary>The target's Scale, as the scale client reads it: the kind is mapped to a resource of its group that has /scale.</summary>
    private async Task<ScaleView> GetScaleAsync(V2HorizontalPodAutoscaler hpa, CancellationToken ct)
    {
        var type = ScaleTargets.Resolve(_service.Registry, hpa.Spec.ScaleTargetRef);
        var scale = await _service.GetScaleAsync(type, hpa.Metadata.NamespaceProperty ?? "", hpa.Spec.ScaleTargetRef.Name).WaitAsync(ct).ConfigureAwait(false);
        return ScaleView.Of(type, scale);
    }

    private async Task WriteScaleAsync(V2HorizontalPodAutoscaler hpa, ScaleView scale, int desired, CancellationToken ct)
    {
        var body = scale.Json.DeepClone().AsObject();
        body["spec"] = new JsonObject { ["replicas"] = desired };
        var options = new WriteOptions(DefaultManager: "kube-controller-manager");
        await _sender.Send(new ReplaceScaleCommand(scale.Type, hpa.Metadata.NamespaceProperty ?? "", hpa.Spec.ScaleTargetRef.Name, body, options, User), ct).ConfigureAwait(false);
    }

    /// <summary>updateStatusIfNeeded: nothing is written when the status is what it was.</summary>
    private async Task WriteStatusAsync(V2HorizontalPodAutoscaler seen, AutoscalerSync sync, CancellationToken ct)
    {
        var status = sync.Status();
        if (Application.Admission.Semantic.DeepEqual(status, seen.Status))
        {
            return;
        }
        try
        {
            await _client.UpdateAsync<V2HorizontalPodAutoscaler>(seen.Metadata.NamespaceProperty ?? "", seen.Metadata.Name, current =>
            {
                current.Metadata.ResourceVersion = seen.Metadata.ResourceVersion;
                current.Status = status;
                return true;
            }, status: true, ct).ConfigureAwait(false);
        }
        catch (ApiException ex)
        {
            _events.Warning(seen, "FailedUpdateStatus", ex.Message, Component);
            throw;
        }
    }
}
