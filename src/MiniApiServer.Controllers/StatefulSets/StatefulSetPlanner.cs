using k8s.Models;
using MiniApiServer.Controllers.DaemonSets;

namespace MiniApiServer.Controllers.StatefulSets;

/// <summary>
/// updateStatefulSet (pkg/controller/statefulset/stateful_set_control.go), as a pure decision over the pods the set
/// controls. OrderedReady ("monotonic") stops at the first pod that is missing, terminating or not yet Running, Ready
/// and available, so pods are created in ordinal order one at a time and removed highest ordinal first; Parallel
/// creates and deletes every pod in one pass. Only once every replica is healthy does RollingUpdate replace the
/// highest-ordinal pod not at the update revision, down to the partition, one at a time.
/// </summary>
public static class StatefulSetPlanner
{
    public static StatefulSetPlan Plan(V1StatefulSet set, IReadOnlyList<V1Pod> pods, StatefulSetRevisions revisions, DateTimeOffset now)
    {
        var minReady = set.Spec.MinReadySeconds ?? 0;
        var start = StatefulPods.StartOrdinal(set);
        var end = StatefulPods.EndOrdinal(set);
        var replicas = new V1Pod?[Math.Max(0, end - start + 1)];
        var condemned = new List<V1Pod>();
        foreach (var pod in pods)
        {
            var ordinal = StatefulPods.Ordinal(pod);
            if (ordinal >= start && ordinal <= end)
            {
                replicas[ordinal - start] = pod;
            }
            else if (ordinal >= 0)
            {
                condemned.Add(pod);
            }
        }
        var status = Status(set, [.. replicas.OfType<V1Pod>(), .. condemned], revisions, now);
        var actions = new List<StatefulPodAction>();
        if (set.Metadata.DeletionTimestamp is not null)
        {
            return new StatefulSetPlan(actions, Complete(set, status));
        }
        var partition = set.Spec.UpdateStrategy?.RollingUpdate?.Partition;
        for (var i = 0; i < replicas.Length; i++)
        {
            replicas[i] ??= NewVersionedPod(set, revisions, start + i, partition);
        }
        condemned.Sort((a, b) => StatefulPods.Ordinal(b).CompareTo(StatefulPods.Ordinal(a)));
        var monotonic = set.Spec.PodManagementPolicy != "Parallel";
        var firstUnhealthy = replicas.FirstOrDefault(p => StatefulPods.IsUnavailable(p!, minReady, now))
            ?? condemned.LastOrDefault(p => StatefulPods.IsUnavailable(p, minReady, now));

        if (ProcessReplicas(set, replicas!, monotonic, minReady, now, actions) || ProcessCondemned(condemned, firstUnhealthy, monotonic, minReady, now, actions))
        {
            return new StatefulSetPlan(actions, Complete(set, status));
        }
        if (set.Spec.UpdateStrategy?.Type == "RollingUpdate")
        {
            for (var target = replicas.Length - 1; target >= (partition ?? 0); target--)
            {
                var pod = replicas[target]!;
                if (StatefulPods.Revision(pod) != revisions.UpdateName && !DaemonPods.IsDeleting(pod))
                {
                    actions.Add(new StatefulPodAction(StatefulPodActionKind.Delete, pod));
                    status.CurrentReplicas--;
                    break;
                }
                if (StatefulPods.IsUnavailable(pod, minReady, now))
                {
                    break;
                }
            }
        }
        return new StatefulSetPlan(actions, Complete(set, status));
    }

    /// <summary>processReplica for each replica in ordinal order; true when a monotonic set must wait.</summary>
    private static bool ProcessReplicas(V1StatefulSet set, V1Pod[] replicas, bool monotonic, int minReady, DateTimeOffset now, List<StatefulPodAction> actions)
    {
        foreach (var pod in replicas)
        {
            if (pod.Status?.Phase is "Failed" or "Succeeded")
            {
                // The name is still taken until the pod is gone; the next sync makes its replacement.
                if (!DaemonPods.IsDeleting(pod))
                {
                    actions.Add(new StatefulPodAction(pod.Status.Phase == "Failed" ? StatefulPodActionKind.RecreateFailed : StatefulPodActionKind.RecreateSucceeded, pod));
                }
                if (monotonic)
                {
                    return true;
                }
                continue;
            }
            if (!StatefulPods.IsCreated(pod))
            {
                actions.Add(new StatefulPodAction(StatefulPodActionKind.Create, pod));
                if (monotonic)
                {
                    return true;
                }
                continue;
            }
            if (monotonic && (DaemonPods.IsDeleting(pod) || !StatefulPods.IsRunningAndReady(pod) || !StatefulPods.IsRunningAndAvailable(pod, minReady, now)))
            {
                return true;
            }
            if (!StatefulPods.IdentityMatches(set, pod))
            {
                actions.Add(new StatefulPodAction(StatefulPodActionKind.UpdateIdentity, pod));
            }
        }
        return false;
    }

    /// <summary>processCondemned, highest ordinal first; true when a monotonic set must wait.</summary>
    private static bool ProcessCondemned(List<V1Pod> condemned, V1Pod? firstUnhealthy, bool monotonic, int minReady, DateTimeOffset now, List<StatefulPodAction> actions)
    {
        foreach (var pod in condemned)
        {
            if (DaemonPods.IsDeleting(pod))
            {
                if (monotonic)
                {
                    return true;
                }
                continue;
            }
            if (monotonic && !ReferenceEquals(pod, firstUnhealthy) && StatefulPods.IsUnavailable(pod, minReady, now))
            {
                return true;
            }
            actions.Add(new StatefulPodAction(StatefulPodActionKind.Delete, pod));
            if (monotonic)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// newVersionedStatefulSetPod: below the partition a missing pod is made at the current revision, otherwise at
    /// the update revision (with OnDelete, always the update revision).
    /// </summary>
    public static V1Pod NewVersionedPod(V1StatefulSet set, StatefulSetRevisions revisions, int ordinal, int? partition)
    {
        var atCurrent = set.Spec.UpdateStrategy?.Type == "RollingUpdate"
            && ordinal < StatefulPods.StartOrdinal(set) + (partition ?? set.Status?.CurrentReplicas ?? 0);
        return atCurrent
            ? StatefulPods.Build(set, revisions.CurrentTemplate, ordinal, revisions.CurrentName)
            : StatefulPods.Build(set, revisions.UpdateTemplate, ordinal, revisions.UpdateName);
    }

    /// <summary>computeReplicaStatus over the pods the API server holds.</summary>
    private static V1StatefulSetStatus Status(V1StatefulSet set, IEnumerable<V1Pod> pods, StatefulSetRevisions revisions, DateTimeOffset now)
    {
        var minReady = set.Spec.MinReadySeconds ?? 0;
        var status = new V1StatefulSetStatus
        {
            ObservedGeneration = set.Metadata.Generation,
            CurrentRevision = revisions.CurrentName,
            UpdateRevision = revisions.UpdateName,
            CollisionCount = revisions.CollisionCount,
            Replicas = 0,
            ReadyReplicas = 0,
            AvailableReplicas = 0,
            CurrentReplicas = 0,
            UpdatedReplicas = 0,
        };
        foreach (var pod in pods.Where(StatefulPods.IsCreated))
        {
            status.Replicas++;
            if (StatefulPods.IsRunningAndReady(pod))
            {
                status.ReadyReplicas++;
                if (StatefulPods.IsRunningAndAvailable(pod, minReady, now))
                {
                    status.AvailableReplicas++;
                }
            }
            if (!DaemonPods.IsDeleting(pod))
            {
                var revision = StatefulPods.Revision(pod);
                status.CurrentReplicas += revision == revisions.CurrentName ? 1 : 0;
                status.UpdatedReplicas += revision == revisions.UpdateName ? 1 : 0;
            }
        }
        return status;
    }

    /// <summary>completeRollingUpdate: once every pod is updated and ready, the update revision becomes current.</summary>
    private static V1StatefulSetStatus Complete(V1StatefulSet set, V1StatefulSetStatus status)
    {
        if (set.Spec.UpdateStrategy?.Type == "RollingUpdate" && status.UpdatedReplicas == status.Replicas && status.ReadyReplicas == status.Replicas)
        {
            status.CurrentReplicas = status.UpdatedReplicas;
            status.CurrentRevision = status.UpdateRevision;
        }
        return status;
    }
}
