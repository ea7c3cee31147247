using k8s.Models;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Scheduling;

/// <summary>Node add and scheduling-relevant node updates wake the unschedulable pods they could help.</summary>
public sealed class SchedulerNodeHandler(WorkQueue<string> queue, UnschedulablePods unschedulable) : IInformerHandler<V1Node>
{
    public void OnAdd(V1Node node) => Wake(node.Metadata.Name);

    public void OnUpdate(V1Node oldNode, V1Node newNode)
    {
        if (NodeChanges.AffectsScheduling(oldNode, newNode))
        {
            Wake(newNode.Metadata.Name);
        }
    }

    public void OnDelete(V1Node node)
    {
        // Losing a node never makes a pod fit.
    }

    private void Wake(string node)
    {
        foreach (var key in unschedulable.AffectedBy(node))
        {
            queue.Add(key);
        }
    }
}
