using k8s.Models;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Scheduling;

/// <summary>Pod events → scheduling queue keys; also retires assumptions and wakes pods when a node frees up.</summary>
public sealed class SchedulerPodHandler(WorkQueue<string> queue, UnschedulablePods unschedulable, AssumedPods assumed) : IInformerHandler<V1Pod>
{
    public void OnAdd(V1Pod pod)
    {
        if (PodSchedulingState.NeedsScheduling(pod))
        {
            queue.Add(PodSchedulingState.Key(pod));
        }
        else
        {
            assumed.Forget(pod.Metadata.Uid);
        }
    }

    public void OnUpdate(V1Pod oldPod, V1Pod newPod)
    {
        // A relist can fold a delete and a re-create of one name into one update: the old pod is gone, and so is any
        // assumption for it (updatePodInCache, pkg/scheduler/eventhandlers.go: a UID change is a delete and an add).
        if (oldPod.Metadata.Uid != newPod.Metadata.Uid)
        {
            OnDelete(oldPod);
            OnAdd(newPod);
            return;
        }
        var key = PodSchedulingState.Key(newPod);
        if (PodSchedulingState.NeedsScheduling(newPod))
        {
            // Our own PodScheduled=False status write must not trigger an immediate retry; only a spec or
            // label change can (upstream isPodUpdated ignores status).
            if (!unschedulable.Contains(key) || SpecOrLabelsChanged(oldPod, newPod))
            {
                queue.Add(key);
            }
            return;
        }
        assumed.Forget(newPod.Metadata.Uid);
        unschedulable.Remove(key);
        if (PodSchedulingState.OccupiesNode(oldPod) && !PodSchedulingState.OccupiesNode(newPod))
        {
            Wake(oldPod.Spec.NodeName);
        }
    }

    public void OnDelete(V1Pod pod)
    {
        assumed.Forget(pod.Metadata.Uid);
        unschedulable.Remove(PodSchedulingState.Key(pod));
        if (PodSchedulingState.OccupiesNode(pod))
        {
            Wake(pod.Spec.NodeName);
        }
    }

    private void Wake(string node)
    {
        foreach (var key in unschedulable.AffectedBy(node))
        {
            queue.Add(key);
        }
    }

    private static bool SpecOrLabelsChanged(V1Pod a, V1Pod b) =>
        ModelCodec.Encode(a.Spec).ToJsonString() != ModelCodec.Encode(b.Spec).ToJsonString()
        || !(a.Metadata.Labels ?? new Dictionary<string, string>()).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .SequenceEqual((b.Metadata.Labels ?? new Dictionary<string, string>()).OrderBy(kv => kv.Key, StringComparer.Ordinal));
}
