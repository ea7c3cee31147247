using k8s.Models;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Nodes;

/// <summary>
/// taint_eviction.go PodUpdated/NodeUpdated: pods are looked at when they (re)bind or change tolerations, or when
/// their node's NoExecute taints change; never writes.
/// </summary>
public sealed class TaintEvictionEvents(WorkQueue<string> queue, SharedInformers informers)
    : IInformerHandler<V1Pod>, IInformerHandler<V1Node>
{
    public void OnAdd(V1Pod obj)
    {
        if (!string.IsNullOrEmpty(obj.Spec?.NodeName) && HasNoExecuteTaints(informers.Nodes.Get("", obj.Spec.NodeName)))
        {
            queue.Add(PodKey.Of(obj));
        }
    }

    public void OnUpdate(V1Pod oldObj, V1Pod newObj)
    {
        if (oldObj.Spec?.NodeName != newObj.Spec?.NodeName || !SameTolerations(oldObj, newObj)
            || (newObj.Metadata.DeletionTimestamp is not null && oldObj.Metadata.DeletionTimestamp is null))
        {
            queue.Add(PodKey.Of(newObj));
        }
    }

    public void OnDelete(V1Pod obj) => queue.Add(PodKey.Of(obj));

    public void OnAdd(V1Node obj)
    {
        if (HasNoExecuteTaints(obj))
        {
            EnqueuePodsOn(obj);
        }
    }

    public void OnUpdate(V1Node oldObj, V1Node newObj)
    {
        if (NoExecuteKey(oldObj) != NoExecuteKey(newObj))
        {
            EnqueuePodsOn(newObj);
        }
    }

    public void OnDelete(V1Node obj) => EnqueuePodsOn(obj);

    private void EnqueuePodsOn(V1Node node)
    {
        foreach (var pod in informers.Pods.ByIndex(SharedInformers.ByNode, node.Metadata.Name))
        {
            queue.Add(PodKey.Of(pod));
        }
    }

    private static bool HasNoExecuteTaints(V1Node? node) => node?.Spec?.Taints?.Any(t => t.Effect == NodeTaints.NoExecute) == true;

    private static string NoExecuteKey(V1Node node) =>
        string.Join('\n', (node.Spec?.Taints ?? []).Where(t => t.Effect == NodeTaints.NoExecute).Select(t => $"{t.Key}={t.Value}").Order(StringComparer.Ordinal));

    private static bool SameTolerations(V1Pod a, V1Pod b) =>
        (a.Spec?.Tolerations?.Count ?? 0) == (b.Spec?.Tolerations?.Count ?? 0)
        && (a.Spec?.Tolerations ?? []).Zip(b.Spec?.Tolerations ?? []).All(p =>
            p.First.Key == p.Second.Key && p.First.Effect == p.Second.Effect && p.First.Value == p.Second.Value
            && p.First.OperatorProperty == p.Second.OperatorProperty && p.First.TolerationSeconds == p.Second.TolerationSeconds);
}
