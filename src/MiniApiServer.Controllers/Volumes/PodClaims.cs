using k8s.Models;

namespace MiniApiServer.Controllers.Volumes;

/// <summary>The claims a pod's volumes name. Asked by informer handlers on every pod change, so the common answer (none) allocates nothing.</summary>
public static class PodClaims
{
    public static bool Any(V1Pod pod)
    {
        if (pod.Spec?.Volumes is not { Count: > 0 } volumes)
        {
            return false;
        }
        for (var i = 0; i < volumes.Count; i++)
        {
            if (volumes[i].PersistentVolumeClaim is not null)
            {
                return true;
            }
        }
        return false;
    }

    public static IEnumerable<string> Names(V1Pod pod) =>
        Any(pod) ? pod.Spec.Volumes.Select(v => v.PersistentVolumeClaim?.ClaimName).OfType<string>() : [];
}
