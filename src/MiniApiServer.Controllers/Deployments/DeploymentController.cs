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

namespace MiniApiServer.Controllers.Deployments;

/// <summary>
/// The Deployment controller (pkg/controller/deployment/deployment_controller.go syncDeployment). Reconcile works
/// on a copy of the cached Deployment: it claims the ReplicaSets the selector matches, then either only scales
/// (paused, or spec.replicas changed) or rolls out with the strategy, and stores the status it computed. The
/// ReplicaSet name is the Deployment's plus the template hash, so a stale cache cannot create a second one:
/// the create meets AlreadyExists instead, as upstream relies on.
/// </summary>
public sealed partial class DeploymentController : IControlLoop, IReconciler<string>
{
    public const string Component = "deployment-controller";

    private readonly SharedInformers _informers;
    private readonly ObjectClient _client;
    private readonly ResourceService _service;
    private readonly ResourceRegistry _registry;
    private readonly EventRecorder _events;
    private readonly TimeProvider _time;
    private readonly ILogger<DeploymentController> _logger;
    private readonly ControllerHost<string> _host;
    private readonly ControllerRefManager _refs;

    public DeploymentController(SharedInformers informers, ResourceService service, ISender sender, ResourceRegistry registry, EventRecorder events,
        TimeProvider time, ControllerOptions options, ILogger<DeploymentController> logger)
    {
        _informers = informers;
        _service = service;
        _registry = registry;
        _client = new ObjectClient(sender, registry, ObjectClient.ServiceAccount("deployment-controller"));
        _events = events;
        _time = time;
        _logger = logger;
        _host = new ControllerHost<string>(this, options.DeploymentWorkers, time, logger, queueName: "deployment");
        _refs = new ControllerRefManager(_client);
        var handlers = new DeploymentEventHandlers(informers, _host.Queue);
        informers.Deployments.AddHandler(handlers);
        informers.ReplicaSets.AddHandler(handlers);
        informers.Pods.AddHandler(handlers);
    }

    public string Name => Component;

    public Task RunAsync(CancellationToken ct)
    {
        _informers.Deployments.EnqueueAll(_host.Queue);
        return _host.RunAsync(ct);
    }

    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken ct)
    {
        var cached = _informers.Deployments.GetByKey(key);
        if (cached is null)
        {
            return ReconcileResult.Done;
        }
        var d = ModelCopy.Of(cached);
        var selector = d.Spec.Selector;
        if (selector is null || ((selector.MatchLabels?.Count ?? 0) == 0 && (selector.MatchExpressions?.Count ?? 0) == 0))
        {
            _events.Warning(d, "SelectingAll", "This deployment is selecting all pods. A non-empty selector is required.", Component);
            if ((d.Status?.ObservedGeneration ?? 0) < (d.Metadata.Generation ?? 0))
            {
                var observed = ModelCopy.Of(d.Status ?? new V1DeploymentStatus());
                observed.ObservedGeneration = d.Metadata.Generation;
                await StoreStatusAsync(d, observed).ConfigureAwait(false);
            }
            return ReconcileResult.Done;
        }
        // Copies: scaling updates them in place, and the informer's objects are shared.
        var rsList = (await ClaimReplicaSetsAsync(d).ConfigureAwait(false)).Select(ModelCopy.Of).ToList();
        if (d.Metadata.DeletionTimestamp is not null)
        {
            // The garbage collector is deleting or orphaning the ReplicaSets: only report.
            var (newRs, oldRss) = Split(d, rsList);
            await StoreStatusAsync(d, DeploymentStatusCalculator.Calculate(All(newRs, oldRss), newRs, d, _time.GetUtcNow())).ConfigureAwait(false);
            return ReconcileResult.Done;
        }
        await CheckPausedConditionsAsync(d).ConfigureAwait(false);
        if (d.Spec.Paused == true || IsScalingEvent(d, rsList))
        {
            await SyncAsync(d, rsList).ConfigureAwait(false);
            return ReconcileResult.Done;
        }
        if (d.Spec.Strategy?.Type == "Recreate")
        {
            await RolloutRecreateAsync(d, rsList).ConfigureAwait(false);
        }
        else
        {
            await RolloutRollingAsync(d, rsList).ConfigureAwait(false);
        }
        return DeploymentStatusCalculator.StuckRequeue(d, d.Status ?? new V1DeploymentStatus(), _time.GetUtcNow()) is { } after
            ? ReconcileResult.After(after)
            : ReconcileResult.Done;
    }

    /// <summary>getReplicaSetsForDeployment: ClaimReplicaSets with RecheckDeletionTimestamp.</summary>
    private Task<List<V1ReplicaSet>> ClaimReplicaSetsAsync(V1Deployment d)
    {
        var selector = LabelSelector.FromModel(d.Spec.Selector);
        var candidates = _informers.ReplicaSets.ByIndex(SharedInformers.ByNamespace, d.Metadata.NamespaceProperty);
        return _refs.ClaimAsync(OwnerRef(d), d.Metadata.DeletionTimestamp is not null, selector, candidates, () => CanAdopt(d));
    }

    private bool CanAdopt(V1Deployment d)
    {
        try
        {
            var fresh = ModelCodec.Decode<V1Deployment>(_service.Get(_registry.Deployments, d.Metadata.NamespaceProperty, d.Metadata.Name).Json);
            return fresh.Metadata.Uid == d.Metadata.Uid && fresh.Metadata.DeletionTimestamp is null;
        }
        catch (ApiException ex) when (ex.Code == 404)
        {
            return false;
        }
    }

    public static V1OwnerReference OwnerRef(V1Deployment d) => ControllerRefs.New(d.Metadata, "apps/v1", "Deployment");

    /// <summary>checkPausedConditions: a paused Deployment says so in Progressing, and says so again when resumed.</summary>
    private async Task CheckPausedConditionsAsync(V1Deployment d)
    {
        if (!DeploymentUtil.HasProgressDeadline(d))
        {
            return;
        }
        var current = DeploymentStatusCalculator.Find(d.Status, DeploymentStatusCalculator.Progressing);
        if (current?.Reason == DeploymentStatusCalculator.TimedOut)
        {
            return;
        }
        var pausedExists = current?.Reason == DeploymentStatusCalculator.Paused;
        V1DeploymentCondition? condition = null;
        if (d.Spec.Paused == true && !pausedExists)
        {
            condition = DeploymentStatusCalculator.Condition(DeploymentStatusCalculator.Progressing, "Unknown", DeploymentStatusCalculator.Paused, "Deployment is paused", _time.GetUtcNow());
        }
        else if (d.Spec.Paused != true && pausedExists)
        {
            condition = DeploymentStatusCalculator.Condition(DeploymentStatusCalculator.Progressing, "Unknown", DeploymentStatusCalculator.Resumed, "Deployment is resumed", _time.GetUtcNow());
        }
        if (condition is null)
        {
            return;
        }
        var status = ModelCopy.Of(d.Status ?? new V1DeploymentStatus());
        DeploymentStatusCalculator.SetCondition(status, condition);
        await StoreStatusAsync(d, status).ConfigureAwait(false);
    }

    /// <summary>isScalingEvent: an active ReplicaSet was sized for another spec.replicas.</summary>
    private static bool IsScalingEvent(V1Deployment d, List<V1ReplicaSet> rsList)
    {
        var (newRs, oldRss) = Split(d, rsList);
        foreach (var rs in All(newRs, oldRss).Where(rs => DeploymentUtil.Replicas(rs) > 0))
        {
            if (rs.Metadata.Annotations?.TryGetValue(DeploymentUtil.DesiredReplicasAnnotation, out var desired) == true
                && desired != DeploymentUtil.Replicas(d).ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                return true;
            }
        }
        return false;
    }

    private static (V1ReplicaSet? New, List<V1ReplicaSet> Old) Split(V1Deployment d, List<V1ReplicaSet> rsList)
    {
        var newRs = DeploymentUtil.FindNewReplicaSet(d, rsList);
        return (newRs, [.. rsList.Where(rs => rs != newRs)]);
    }

    private static List<V1ReplicaSet> All(V1ReplicaSet? newRs, List<V1ReplicaSet> oldRss) => newRs is null ? [.. oldRss] : [.. oldRss, newRs];

    /// <summary>
    /// UpdateStatus, with the revision annotation (the status strategy keeps metadata changes); nothing is written
    /// when nothing changed. The stored status becomes the working copy's.
    /// </summary>
    private async Task StoreStatusAsync(V1Deployment d, V1DeploymentStatus status, string? revision = null)
    {
        var annotations = d.Metadata.Annotations ?? new Dictionary<string, string>();
        var revisionChanged = revision is not null && (!annotations.TryGetValue(DeploymentUtil.RevisionAnnotation, out var r) || r != revision);
        if (!revisionChanged && Semantic.DeepEqual(d.Status, status))
        {
            return;
        }
        var result = await _client.UpdateAsync<V1Deployment>(d.Metadata.NamespaceProperty, d.Metadata.Name, fresh =>
        {
            if (fresh.Metadata.Uid != d.Metadata.Uid)
            {
                return false;
            }
            fresh.Status = status;
            if (revisionChanged)
            {
                (fresh.Metadata.Annotations ??= new Dictionary<string, string>())[DeploymentUtil.RevisionAnnotation] = revision!;
            }
            return true;
        }, status: true).ConfigureAwait(false);
        var stored = ObjectClient.Read<V1Deployment>(result);
        d.Status = stored.Status;
        d.Metadata.Annotations = stored.Metadata.Annotations;
    }
}
