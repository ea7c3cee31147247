using k8s.Models;
using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Policy;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Selectors;
using MiniApiServer.Controllers.Events;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Disruption;

/// <summary>
/// The disruption controller (pkg/controller/disruption/disruption.go): keeps each PodDisruptionBudget's status —
/// currentHealthy, desiredHealthy, expectedPods, disruptionsAllowed, disruptedPods, observedGeneration and the
/// DisruptionAllowed condition — from the pods its selector matches. The eviction handler spends disruptionsAllowed;
/// this controller gives them back as pods come and go. When the counts cannot be known the budget fails safe:
/// disruptionsAllowed 0 with DisruptionAllowed=False, reason SyncFailed.
/// </summary>
public sealed class DisruptionController : IControlLoop, IReconciler<string>
{
    public const string Component = "controllermanager";

    private readonly SharedInformers _informers;
    private readonly ObjectClient _client;
    private readonly EventRecorder _events;
    private readonly TimeProvider _time;
    private readonly ILogger<DisruptionController> _logger;
    private readonly ControllerHost<string> _host;
    private readonly ControllerScale _scale;

    private readonly StalePodDisruption _stale;

    public DisruptionController(SharedInformers informers, ResourceService service, ISender sender, ResourceRegistry registry, EventRecorder events,
        TimeProvider time, ControllerOptions options, ILogger<DisruptionController> logger)
    {
        _informers = informers;
        _client = new ObjectClient(sender, registry, ObjectClient.ServiceAccount("disruption-controller"));
        _events = events;
        _time = time;
        _logger = logger;
        _scale = new ControllerScale(informers, service);
        _host = new ControllerHost<string>(this, workers: 1, time, logger, queueName: "disruption");
        var handlers = new DisruptionEventHandlers(informers, _host.Queue);
        informers.Pods.AddHandler(handlers);
        informers.PodDisruptionBudgets.AddHandler(handlers);
        _stale = new StalePodDisruption(informers, _client, time, options.StalePodDisruptionTimeout, logger);
    }

    public string Name => "disruption-controller";

    public Task RunAsync(CancellationToken ct)
    {
        foreach (var pdb in _informers.PodDisruptionBudgets.List())
        {
            _host.Queue.Add(DisruptionEventHandlers.Key(pdb.Metadata));
        }
        return Task.WhenAll(_host.RunAsync(ct), _stale.RunAsync(ct));
    }

    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken ct)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var pdb = _informers.PodDisruptionBudgets.Get(key[..slash], key[(slash + 1)..]);
        if (pdb is null)
        {
            return ReconcileResult.Done;
        }
        try
        {
            return await TrySyncAsync(pdb, ct).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code == 409)
        {
            // A conflict is a stale cache, not a broken budget: requeue without failing safe.
            throw;
        }
        catch (Exception ex) when (ex is ControllerScaleException or ApiException)
        {
            ControllerMetrics.ReconcileErrors.WithLabels(Name).Inc();
            _logger.LogError(ex, "{Controller}: failed to sync PodDisruptionBudget {Key}; disruptions are not allowed until it syncs", Name, key);
            await FailSafeAsync(pdb, ex.Message, ct).ConfigureAwait(false);
            return ReconcileResult.Done;
        }
    }

    private async Task<ReconcileResult> TrySyncAsync(V1PodDisruptionBudget pdb, CancellationToken ct)
    {
        var pods = PodsOf(pdb);
        if (pods.Count == 0)
        {
            _events.Normal(pdb, "NoPods", "No matching pods found", Component);
        }
        var unmanaged = new List<string>();
        int expected, desired;
        try
        {
            (expected, desired) = DisruptionBudgetMath.Desired(pdb.Spec ?? new V1PodDisruptionBudgetSpec(), pods.Count, () =>
            {
                var (count, without) = _scale.Expected(pods);
                unmanaged = without;
                return count;
            });
        }
        catch (ControllerScaleException ex)
        {
            _events.Warning(pdb, "CalculateExpectedPodCountFailed", $"Failed to calculate the number of expected pods: {ex.Message}", Component);
            throw;
        }
        if (unmanaged.Count > 0)
        {
            _events.Warning(pdb, "UnmanagedPods", $"Pods selected by this PodDisruptionBudget (selector: {LabelSelector.FromModel(pdb.Spec?.Selector)}) were found "
                + "to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. "
                + "To account for these pods please set \".spec.minAvailable\" field of the PDB to an integer value.", Component);
        }
        var now = _time.GetUtcNow();
        var (disrupted, recheckAt, notDeleted) = DisruptionBudgetMath.DisruptedPods(pods, pdb.Status?.DisruptedPods, now);
        foreach (var pod in notDeleted)
        {
            _events.Warning(pod, "NotDeleted", $"Pod was expected by PDB {pdb.Metadata.NamespaceProperty}/{pdb.Metadata.Name} to be deleted but it wasn't", Component);
        }
        var healthy = DisruptionBudgetMath.CurrentHealthy(pods, disrupted, now);
        await UpdateStatusAsync(pdb, healthy, desired, expected, disrupted, now, ct).ConfigureAwait(false);
        return recheckAt is { } at ? ReconcileResult.After(at - now) : ReconcileResult.Done;
    }

    /// <summary>getPodsForPdb: nil selects nothing, empty selects the whole namespace; terminal and deleting pods are included.</summary>
    private List<V1Pod> PodsOf(V1PodDisruptionBudget pdb)
    {
        LabelSelector selector;
        try
        {
            selector = LabelSelector.FromModel(pdb.Spec?.Selector);
        }
        catch (FormatException ex)
        {
            throw new ControllerScaleException(ex.Message);
        }
        return _informers.Pods.ByIndex(SharedInformers.ByNamespace, pdb.Metadata.NamespaceProperty ?? "")
            .Where(p => selector.Matches((p.Metadata.Labels ?? new Dictionary<string, string>()).AsReadOnly()))
            .ToList();
    }

    private async Task UpdateStatusAsync(V1PodDisruptionBudget pdb, int healthy, int desired, int expected,
        Dictionary<string, DateTime?> disrupted, DateTimeOffset now, CancellationToken ct)
    {
        var allowed = DisruptionBudgetMath.DisruptionsAllowed(healthy, desired, expected);
        var status = pdb.Status ?? new V1PodDisruptionBudgetStatus();
        if (status.CurrentHealthy == healthy && status.DesiredHealthy == desired && status.ExpectedPods == expected
            && status.DisruptionsAllowed == allowed && SameDisrupted(status.DisruptedPods, disrupted)
            && status.ObservedGeneration == pdb.Metadata.Generation && DisruptionAllowedCondition.IsUpToDate(pdb))
        {
            return;
        }
        var next = new V1PodDisruptionBudgetStatus
        {
            CurrentHealthy = healthy,
            DesiredHealthy = desired,
            ExpectedPods = expected,
            DisruptionsAllowed = allowed,
            DisruptedPods = disrupted.Count > 0 ? disrupted : null,
            ObservedGeneration = pdb.Metadata.Generation,
            Conditions = CopyConditions(status),
        };
        var updated = new V1PodDisruptionBudget { Metadata = pdb.Metadata, Spec = pdb.Spec, Status = next };
        DisruptionAllowedCondition.Update(updated, now);
        await WriteStatusAsync(pdb, next, ct).ConfigureAwait(false);
    }

    /// <summary>failSafe: when the counts cannot be computed, at least stop the eviction handler from approving anything.</summary>
    private async Task FailSafeAsync(V1PodDisruptionBudget pdb, string message, CancellationToken ct)
    {
        var status = pdb.Status ?? new V1PodDisruptionBudgetStatus();
        var next = new V1PodDisruptionBudgetStatus
        {
            CurrentHealthy = status.CurrentHealthy,
            DesiredHealthy = status.DesiredHealthy,
            ExpectedPods = status.ExpectedPods,
            DisruptionsAllowed = 0,
            DisruptedPods = status.DisruptedPods,
            ObservedGeneration = status.ObservedGeneration,
            Conditions = CopyConditions(status),
        };
        DisruptionAllowedCondition.Set(next, "False", DisruptionAllowedCondition.SyncFailed, message, _time.GetUtcNow());
        await WriteStatusAsync(pdb, next, ct).ConfigureAwait(false);
    }

    /// <summary>writePdbStatus: pinned to the version the status was computed from; a conflict requeues the budget.</summary>
    private Task WriteStatusAsync(V1PodDisruptionBudget seen, V1PodDisruptionBudgetStatus status, CancellationToken ct) =>
        _client.UpdateAsync<V1PodDisruptionBudget>(seen.Metadata.NamespaceProperty ?? "", seen.Metadata.Name, current =>
        {
            current.Metadata.ResourceVersion = seen.Metadata.ResourceVersion;
            current.Status = status;
            return true;
        }, status: true, ct);

    /// <summary>The informer's objects are shared with every other controller: conditions are changed on a copy.</summary>
    private static List<V1Condition>? CopyConditions(V1PodDisruptionBudgetStatus status) =>
        status.Conditions?.Select(c => new V1Condition
        {
            Type = c.Type,
            Status = c.Status,
            Reason = c.Reason,
            Message = c.Message,
            LastTransitionTime = c.LastTransitionTime,
            ObservedGeneration = c.ObservedGeneration,
        }).ToList();

    private static bool SameDisrupted(IDictionary<string, DateTime?>? current, Dictionary<string, DateTime?> next) =>
        (current?.Count ?? 0) == next.Count && next.All(kv => current!.TryGetValue(kv.Key, out var t) && t == kv.Value);
}
