using k8s.Models;
using MiniApiServer.Controllers.Runtime;
using MiniApiServer.Controllers.Scheduling.Plugins;

namespace MiniApiServer.Controllers.Scheduling;

/// <summary>
/// A volume that appears or becomes Available may be the one an unschedulable pod's claim waits for: those pods with
/// claims are retried at once, as the scheduling queue moves pods on PersistentVolume add and update events.
/// </summary>
public sealed class SchedulerVolumeHandler(WorkQueue<string> queue, UnschedulablePods unschedulable, Informer<V1Pod> pods) : IInformerHandler<V1PersistentVolume>
{
    public void OnAdd(V1PersistentVolume volume) => Wake(volume);

    public void OnUpdate(V1PersistentVolume oldVolume, V1PersistentVolume newVolume)
    {
        if (oldVolume.Status?.Phase != newVolume.Status?.Phase)
        {
            Wake(newVolume);
        }
    }

    public void OnDelete(V1PersistentVolume volume)
    {
        // A volume going away never makes a pod fit.
    }

    private void Wake(V1PersistentVolume volume)
    {
        if (volume.Spec?.ClaimRef is not null && volume.Status?.Phase != "Available")
        {
            return;
        }
        foreach (var key in unschedulable.Unpinned())
        {
            var slash = key.IndexOf('/', StringComparison.Ordinal);
            if (pods.Get(key[..slash], key[(slash + 1)..]) is { } pod && VolumeBindingPlugin.HasClaims(pod))
            {
                queue.Add(key);
            }
        }
    }
}
