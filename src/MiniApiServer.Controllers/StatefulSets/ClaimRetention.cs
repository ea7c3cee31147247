using k8s.Models;
using MiniApiServer.Controllers.DaemonSets;

namespace MiniApiServer.Controllers.StatefulSets;

/// <summary>
/// persistentVolumeClaimRetentionPolicy as stateful_set_utils.go updateClaimOwnerRefForSetAndPod carries it out: the
/// claims themselves say what deletes them. whenDeleted Delete makes the set an owner of its claims, so the garbage
/// collector deletes them with it; whenScaled Delete makes a scaled-down pod the owner of its claims instead, so they go
/// with the pod. Retain removes those references.
/// </summary>
public static class ClaimRetention
{
    /// <summary>Sets or removes the set's and the pod's references on <paramref name="claim"/>; true when they changed.</summary>
    public static bool UpdateOwners(V1PersistentVolumeClaim claim, V1StatefulSet set, V1Pod pod)
    {
        var policy = set.Spec.PersistentVolumeClaimRetentionPolicy;
        var ordinal = StatefulPods.Ordinal(pod);
        var scaledDown = ordinal < StatefulPods.StartOrdinal(set) || ordinal > StatefulPods.EndOrdinal(set);
        var podOwns = policy?.WhenScaled == "Delete" && scaledDown;
        var setOwns = policy?.WhenDeleted == "Delete" && !podOwns;
        var setRef = new V1OwnerReference { ApiVersion = "apps/v1", Kind = "StatefulSet", Name = set.Metadata.Name, Uid = set.Metadata.Uid };
        var podRef = new V1OwnerReference { ApiVersion = "v1", Kind = "Pod", Name = pod.Metadata.Name, Uid = pod.Metadata.Uid };
        var changed = Want(claim.Metadata, setRef, setOwns);
        return Want(claim.Metadata, podRef, podOwns) || changed;
    }

    private static bool Want(V1ObjectMeta meta, V1OwnerReference owner, bool wanted)
    {
        var refs = meta.OwnerReferences?.ToList() ?? [];
        var has = refs.Any(r => r.Uid == owner.Uid);
        if (has == wanted)
        {
            return false;
        }
        if (wanted)
        {
            refs.Add(owner);
        }
        else
        {
            refs.RemoveAll(r => r.Uid == owner.Uid);
        }
        meta.OwnerReferences = refs.Count == 0 ? null : refs;
        return true;
    }

    /// <summary>The pods whose claims the sync keeps in line with the policy: created, live, with an ordinal.</summary>
    public static IEnumerable<V1Pod> PodsWithClaims(V1StatefulSet set, IEnumerable<V1Pod> pods) =>
        (set.Spec.VolumeClaimTemplates?.Count ?? 0) == 0 || set.Metadata.DeletionTimestamp is not null
            ? []
            : pods.Where(p => StatefulPods.Ordinal(p) >= 0 && StatefulPods.IsCreated(p) && !DaemonPods.IsDeleting(p));
}
