using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Nodes;

/// <summary>The simulated kubelet's pod worker: runs, readies and finishes deleting pods bound to live managed nodes.</summary>
public sealed class SimulatedPodReconciler(
    SharedInformers informers,
    ResourceService service,
    ObjectClient client,
    ControllerOptions options,
    TimeProvider time,
    AddressPool podAddresses) : IReconciler<string>
{
    private static readonly TimeSpan SandboxRetry = TimeSpan.FromSeconds(10);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _startedAt = new(StringComparer.Ordinal);

    public string Name => "simulated-kubelet";

    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken ct)
    {
        var (ns, name) = PodKey.Split(key);
        var pod = informers.Pods.Get(ns, name);
        if (pod?.Spec?.NodeName is not { Length: > 0 } nodeName)
        {
            return ReconcileResult.Done;
        }
        // A paused (dead) kubelet does nothing for its pods, not even finishing their deletion.
        var node = informers.Nodes.Get("", nodeName);
        if (!KwokNode.IsLive(node))
        {
            return ReconcileResult.Done;
        }
        var now = time.GetUtcNow();
        var plan = Decide(pod, now);
        if (plan.Action is KubeletPodAction.Start && pod.Spec.RuntimeClassName is { Length: > 0 } runtimeClass
            && service.TryGet(service.Registry.RuntimeClasses, "", runtimeClass) is null)
        {
            // createPodSandbox fails on runtimeClassManager.LookupRuntimeHandler (a class deleted since admission),
            // so the pod stays Pending and its worker retries after workerBackOffPeriod (pkg/kubelet/pod_workers.go).
            return ReconcileResult.After(SandboxRetry);
        }
        var hostIp = KwokNode.InternalIp(node!);
        if (hostIp is null && plan.Action is KubeletPodAction.Start or KubeletPodAction.FailImagePull or KubeletPodAction.AssignAddresses)
        {
            // A pod reports its node's IP; until the heartbeat gives the node an InternalIP the pod waits, and the
            // node update that adds one requeues it (SimulatedKubeletEvents).
            return ReconcileResult.Done;
        }
        try
        {
            switch (plan.Action)
            {
                case KubeletPodAction.FinishDeletion:
                    _startedAt.TryRemove(pod.Metadata.Uid, out _);
                    await client.As(SimulatedKubelet.NodeUser(nodeName)).DeleteAsync<V1Pod>(ns, name,
                        new DeleteOptions(GracePeriodSeconds: 0, PreconditionUid: pod.Metadata.Uid), CancellationToken.None).ConfigureAwait(false);
                    return ReconcileResult.Done;
                case KubeletPodAction.Start:
                    var podIp = PodIp(pod);
                    var ready = KubeletPodPlan.ReadyOnStart(options.SimulatedReadyDelay, SimulatedPodExit.RunTime(pod, options.SimulatedJobRunTime));
                    await UpdateStatusAsync(pod, KubeletPodAction.Start, now, p =>
                    {
                        SimulatedPodStatus.Start(p, hostIp!, podIp, now);
                        if (ready)
                        {
                            SimulatedPodStatus.MarkReady(p, now);
                        }
                    }).ConfigureAwait(false);
                    _startedAt[pod.Metadata.Uid] = now;
                    break;
                case KubeletPodAction.FailImagePull:
                    var pendingIp = PodIp(pod);
                    await UpdateStatusAsync(pod, KubeletPodAction.FailImagePull, now, p => SimulatedImagePull.Fail(p, hostIp!, pendingIp, now)).ConfigureAwait(false);
                    break;
                case KubeletPodAction.AssignAddresses:
                    var missingIp = PodIp(pod);
                    await UpdateStatusAsync(pod, KubeletPodAction.AssignAddresses, now, p => SimulatedPodStatus.SetAddresses(p, hostIp!, missingIp)).ConfigureAwait(false);
                    break;
                case KubeletPodAction.Exit:
                    await UpdateStatusAsync(pod, KubeletPodAction.Exit, now, p => SimulatedPodExit.Exit(p, SimulatedPodExit.ExitCode(p), now)).ConfigureAwait(false);
                    _startedAt.TryRemove(pod.Metadata.Uid, out _);
                    break;
                case KubeletPodAction.StartEphemeralContainers:
                    await UpdateStatusAsync(pod, KubeletPodAction.StartEphemeralContainers, now, p => SimulatedPodStatus.StartEphemeralContainers(p, now)).ConfigureAwait(false);
                    break;
                case KubeletPodAction.MarkReady:
                    await UpdateStatusAsync(pod, KubeletPodAction.MarkReady, now, p => SimulatedPodStatus.MarkReady(p, now)).ConfigureAwait(false);
                    _startedAt.TryRemove(pod.Metadata.Uid, out _);
                    break;
            }
        }
        catch (ApiException ex) when (ex.Code is 404 or 409 && service.TryGet(service.Registry.Pods, ns, name) is null)
        {
            // Deleted (or replaced) under us: nothing left to do for this pod.
            return ReconcileResult.Done;
        }
        return plan.RequeueAfter is { } after ? ReconcileResult.After(after) : ReconcileResult.Done;
    }

    // A host-network pod uses the node's IP, so it takes none from the pod range.
    private string PodIp(V1Pod pod) =>
        pod.Spec.HostNetwork == true ? "" : pod.Status?.PodIP is { Length: > 0 } existing ? existing : podAddresses.Allocate();

    private KubeletPodPlan Decide(V1Pod pod, DateTimeOffset now) =>
        KubeletPodPlan.Decide(pod, now, options.SimulatedReadyDelay, options.SimulatedMaxGracePeriod,
            _startedAt.TryGetValue(pod.Metadata.Uid, out var started) ? started : null, SimulatedPodExit.RunTime(pod, options.SimulatedJobRunTime));

    private Task<ObjectResult> UpdateStatusAsync(V1Pod seen, KubeletPodAction action, DateTimeOffset now, Action<V1Pod> change) =>
        client.As(SimulatedKubelet.NodeUser(seen.Spec.NodeName)).UpdateAsync<V1Pod>(seen.Metadata.NamespaceProperty ?? "", seen.Metadata.Name, fresh =>
        {
            // Re-decide on the fresh object: a user may have deleted, replaced or finished the pod meanwhile.
            if (fresh.Metadata.Uid != seen.Metadata.Uid || Decide(fresh, now).Action != action)
            {
                return false;
            }
            change(fresh);
            return true;
        }, status: true);
}
