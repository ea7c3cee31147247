using k8s.Models;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Scheduling;

/// <summary>
/// A claim that appears or changes (bound, given a volume, its deletion undone) wakes the pending pods of its
/// namespace that use it, as the scheduling queue's PersistentVolumeClaim events do upstream.
/// </summary>
public sealed class SchedulerClaimHandler(WorkQueue<string> queue, Informer<V1Pod> pods) : IInformerHandler<V1PersistentVolumeClaim>
{
    public void OnAdd(V1PersistentVolumeClaim claim) => Wake(claim);

    public void OnUpdate(V1PersistentVolumeClaim oldClaim, V1PersistentVolumeClaim newClaim) => Wake(newClaim);

    public void OnDelete(V1PersistentVolumeClaim claim)
    {
        // A claim going away never makes a pod fit.
    }

    private void Wake(V1PersistentVolumeClaim claim)
    {
        foreach (var pod in pods.ByIndex(SharedInformers.ByNamespace, claim.Metadata.NamespaceProperty ?? ""))
        {
            if (PodSchedulingState.NeedsScheduling(pod) && pod.Spec?.Volumes?.Any(v => v.PersistentVolumeClaim?.ClaimName == claim.Metadata.Name) == true)
            {
                queue.Add(PodSchedulingState.Key(pod));
            }
        }
    }
}
