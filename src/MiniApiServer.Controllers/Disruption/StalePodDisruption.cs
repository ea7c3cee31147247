using k8s.Models;
using Microsoft.Extensions.Logging;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Disruption;

/// <summary>
/// The disruption controller's stale-condition worker (syncStalePodDisruption): an eviction marks a pod
/// DisruptionTarget=True before deleting it; if the delete never happened (a conflict, a precondition), the mark
/// would mislead the pod's owner forever, so after the timeout a pod that is still not deleting gets it set to False.
/// Marks the kubelet sets (TerminationByKubelet) and marks on terminal pods are left alone.
/// </summary>
public sealed class StalePodDisruption : IReconciler<string>, IInformerHandler<V1Pod>
{
    private const string DisruptionTarget = "DisruptionTarget";

    private readonly SharedInformers _informers;
    private readonly ObjectClient _client;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;
    private readonly ControllerHost<string> _host;

    public StalePodDisruption(SharedInformers informers, ObjectClient client, TimeProvider time, TimeSpan timeout, ILogger logger)
    {
        _informers = informers;
        _client = client;
        _time = time;
        _timeout = timeout;
        _logger = logger;
        _host = new ControllerHost<string>(this, workers: 1, time, logger, queueName: "stale_pod_disruption");
        informers.Pods.AddHandler(this);
    }

    public string Name => "disruption-controller-stale-pod-disruption";

    public Task RunAsync(CancellationToken ct) => _host.RunAsync(ct);

    /// <summary>nonTerminatingPodHasStaleDisruptionCondition: how long until the pod's mark is stale, or null if it never will be.</summary>
    public static TimeSpan? StaleAfter(V1Pod pod, DateTimeOffset now, TimeSpan timeout)
    {
        if (pod.Metadata.DeletionTimestamp is not null || pod.Status?.Phase is "Succeeded" or "Failed")
        {
            return null;
        }
        var condition = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == DisruptionTarget);
        if (condition is null || condition.Status != "True" || condition.Reason == "TerminationByKubelet")
        {
            return null;
        }
        var since = condition.LastTransitionTime is { } t ? now - new DateTimeOffset(t, TimeSpan.Zero) : timeout;
        return since >= timeout ? TimeSpan.Zero : timeout - since;
    }

    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken ct)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var pod = _informers.Pods.Get(key[..slash], key[(slash + 1)..]);
        if (pod is null || StaleAfter(pod, _time.GetUtcNow(), _timeout) is not { } wait)
        {
            return ReconcileResult.Done;
        }
        if (wait > TimeSpan.Zero)
        {
            return ReconcileResult.After(wait);
        }
        await _client.UpdateAsync<V1Pod>(pod.Metadata.NamespaceProperty ?? "", pod.Metadata.Name, current =>
        {
            var condition = current.Status?.Conditions?.FirstOrDefault(c => c.Type == DisruptionTarget);
            if (condition is null || StaleAfter(current, _time.GetUtcNow(), _timeout) != TimeSpan.Zero)
            {
                return false;
            }
            condition.Status = "False";
            condition.LastTransitionTime = _time.GetUtcNow().UtcDateTime;
            return true;
        }, status: true, ct).ConfigureAwait(false);
        _logger.LogInformation("Reset stale DisruptionTarget condition to False on pod {Key}", key);
        return ReconcileResult.Done;
    }

    public void OnAdd(V1Pod obj) => Queue(obj);

    public void OnUpdate(V1Pod oldObj, V1Pod newObj) => Queue(newObj);

    public void OnDelete(V1Pod obj)
    {
    }

    private void Queue(V1Pod pod)
    {
        if (StaleAfter(pod, _time.GetUtcNow(), _timeout) is { } wait)
        {
            _host.Queue.AddAfter(DisruptionEventHandlers.Key(pod.Metadata), wait);
        }
    }
}
