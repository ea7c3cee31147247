using k8s.Models;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Nodes;

/// <summary>
/// Turns pod and node changes into pod keys for the simulated kubelet, and reports nodes that need their first
/// status now (<paramref name="nodeNeedsStatus"/>); never writes.
/// </summary>
public sealed class SimulatedKubeletEvents(WorkQueue<string> queue, SharedInformers informers, Action<V1Node> nodeNeedsStatus)
    : IInformerHandler<V1Pod>, IInformerHandler<V1Node>
{
    public void OnAdd(V1Pod obj) => EnqueueBound(obj);

    public void OnUpdate(V1Pod oldObj, V1Pod newObj) => EnqueueBound(newObj);

    public void OnDelete(V1Pod obj)
    {
    }

    public void OnAdd(V1Node obj)
    {
        EnqueuePodsOn(obj);
        if (KwokNode.IsLive(obj))
        {
            nodeNeedsStatus(obj);
        }
    }

    public void OnUpdate(V1Node oldObj, V1Node newObj)
    {
        // A node coming back (heartbeat resumed, or newly marked as KWOK-managed) owes its pods a sync, and so
        // does one that just got its InternalIP: its pods wait for it to report hostIP.
        if (KwokNode.IsLive(newObj) && (!KwokNode.IsLive(oldObj) || KwokNode.InternalIp(oldObj) != KwokNode.InternalIp(newObj)))
        {
            EnqueuePodsOn(newObj);
        }
        if (KwokNode.IsLive(newObj) && !KwokNode.IsLive(oldObj))
        {
            nodeNeedsStatus(newObj);
        }
    }

    public void OnDelete(V1Node obj)
    {
    }

    private void EnqueueBound(V1Pod pod)
    {
        if (!string.IsNullOrEmpty(pod.Spec?.NodeName))
        {
            queue.Add(PodKey.Of(pod));
        }
    }

    private void EnqueuePodsOn(V1Node node)
    {
        if (!KwokNode.IsLive(node))
        {
            return;
        }
        foreach (var pod in informers.Pods.ByIndex(SharedInformers.ByNode, node.Metadata.Name))
        {
            queue.Add(PodKey.Of(pod));
        }
    }
}
