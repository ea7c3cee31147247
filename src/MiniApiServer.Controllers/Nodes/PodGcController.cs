using k8s.Models;
using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Nodes;

/// <summary>
/// pkg/controller/podgc/gc_controller.go: every PodGcPeriod force-deletes pods no kubelet will ever finish —
/// excess terminated pods, terminating pods on out-of-service nodes, pods of deleted nodes (after a quarantine
/// and a live lookup), and terminating pods that were never scheduled.
/// </summary>
public sealed class PodGcController(
    SharedInformers informers,
    ResourceService service,
    ISender sender,
    ControllerOptions options,
    TimeProvider time,
    ILogger<PodGcController> logger) : IControlLoop
{
    private const int Concurrency = 8;

    private readonly ObjectClient _client = new(sender, service.Registry, ObjectClient.ServiceAccount("pod-garbage-collector"));

    // Node name → when a pod bound to it was first seen without the node (upstream's nodeQueue AddAfter).
    private readonly Dictionary<string, DateTimeOffset> _missingSince = new(StringComparer.Ordinal);

    public string Name => "pod-garbage-collector";

    public async Task RunAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.PodGcPeriod, time);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            // Each rule reads only the pods it can select, through the informer's indexes: a pass over every pod
            // each second was 2.6% of the server's CPU with 100,000 pods under a stream of creates.
            var terminal = informers.Pods.ByIndex(SharedInformers.ByPodGcState, PodGcDecisions.Terminal);
            var terminating = informers.Pods.ByIndex(SharedInformers.ByPodGcState, PodGcDecisions.Terminating);
            await DeleteAllAsync(PodGcDecisions.TerminatedToDelete(terminal, options.TerminatedPodThreshold), nodeGone: false, ct).ConfigureAwait(false);
            await DeleteAllAsync(terminating.Where(p => PodGcDecisions.IsTerminatingOnOutOfServiceNode(p, Node(p))), nodeGone: false, ct).ConfigureAwait(false);
            var gone = DeletedNodes(informers.Pods.IndexValues(SharedInformers.ByNode));
            await DeleteAllAsync(gone.SelectMany(n => informers.Pods.ByIndex(SharedInformers.ByNode, n)), nodeGone: true, ct).ConfigureAwait(false);
            await DeleteAllAsync(terminating.Where(PodGcDecisions.IsUnscheduledTerminating), nodeGone: false, ct).ConfigureAwait(false);
        }
    }

    private V1Node? Node(V1Pod pod) =>
        pod.Spec?.NodeName is { Length: > 0 } n ? informers.Nodes.Get("", n) : null;

    /// <summary>discoverDeletedNodes: quarantined long enough and confirmed absent by a live read, not just the cache.</summary>
    private HashSet<string> DeletedNodes(List<string> boundNodes)
    {
        var now = time.GetUtcNow();
        var missing = PodGcDecisions.MissingNodes(boundNodes, n => informers.Nodes.Get("", n) is not null);
        foreach (var name in _missingSince.Keys.Where(n => !missing.Contains(n)).ToList())
        {
            _missingSince.Remove(name);
        }
        var gone = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in missing)
        {
            if (!_missingSince.TryAdd(name, now) && now - _missingSince[name] >= options.PodGcQuarantine
                && service.TryGet(service.Registry.Nodes, "", name) is null)
            {
                gone.Add(name);
            }
        }
        return gone;
    }

    private Task DeleteAllAsync(IEnumerable<V1Pod> pods, bool nodeGone, CancellationToken ct) =>
        Parallel.ForEachAsync(pods, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = ct }, async (pod, _) =>
        {
            try
            {
                await MarkFailedAndDeleteAsync(pod, nodeGone).ConfigureAwait(false);
            }
            catch (ApiException ex) when (ex.Code is 404 or 409)
            {
                // Gone or replaced meanwhile; a pod that still qualifies is picked up by the next pass.
                logger.LogDebug("podgc: {Pod} skipped: {Message}", PodKey.Of(pod), ex.Message);
            }
        });

    private async Task MarkFailedAndDeleteAsync(V1Pod pod, bool nodeGone)
    {
        var ns = pod.Metadata.NamespaceProperty ?? "";
        if (!PodConditions.IsTerminal(pod))
        {
            var now = time.GetUtcNow();
            await _client.UpdateAsync<V1Pod>(ns, pod.Metadata.Name,
                fresh => fresh.Metadata.Uid == pod.Metadata.Uid && PodGcDecisions.MarkFailed(fresh, now, nodeGone), status: true).ConfigureAwait(false);
        }
        await _client.DeleteAsync<V1Pod>(ns, pod.Metadata.Name, new DeleteOptions(GracePeriodSeconds: 0, PreconditionUid: pod.Metadata.Uid)).ConfigureAwait(false);
    }
}
