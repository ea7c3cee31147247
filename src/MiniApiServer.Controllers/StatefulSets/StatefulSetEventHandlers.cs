using k8s.Models;
using MiniApiServer.Controllers.DaemonSets;
using MiniApiServer.Controllers.ReplicaSets;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.StatefulSets;

/// <summary>
/// The handlers of stateful_set.go: a set's own changes and its pods' changes enqueue it; an orphan pod enqueues
/// every set whose selector matches (getStatefulSetsForPod), which may adopt it; a pod turning Ready enqueues its
/// set again after minReadySeconds, when it becomes available without another event.
/// </summary>
public sealed class StatefulSetEventHandlers(SharedInformers informers, WorkQueue<string> queue)
    : IInformerHandler<V1StatefulSet>, IInformerHandler<V1Pod>
{
    public void OnAdd(V1StatefulSet obj) => queue.Add(NamespacedKeys.Key(obj.Metadata));

    public void OnUpdate(V1StatefulSet oldObj, V1StatefulSet newObj) => queue.Add(NamespacedKeys.Key(newObj.Metadata));

    public void OnDelete(V1StatefulSet obj) => queue.Add(NamespacedKeys.Key(obj.Metadata));

    public void OnAdd(V1Pod obj)
    {
        if (Owner(obj.Metadata) is { } set)
        {
            queue.Add(NamespacedKeys.Key(set.Metadata));
        }
        else if (DaemonPods.ControllerRef(obj.Metadata) is null && obj.Metadata.DeletionTimestamp is null)
        {
            EnqueueMatching(obj.Metadata);
        }
    }

    public void OnUpdate(V1Pod oldObj, V1Pod newObj)
    {
        var oldOwner = DaemonPods.ControllerRef(oldObj.Metadata);
        var newOwner = DaemonPods.ControllerRef(newObj.Metadata);
        if (oldOwner?.Uid != newOwner?.Uid && Owner(oldObj.Metadata) is { } previous)
        {
            queue.Add(NamespacedKeys.Key(previous.Metadata));
        }
        if (Owner(newObj.Metadata) is { } set)
        {
            var key = NamespacedKeys.Key(set.Metadata);
            queue.Add(key);
            if (!DaemonPods.IsReady(oldObj) && DaemonPods.IsReady(newObj) && set.Spec.MinReadySeconds is > 0 and var minReady)
            {
                queue.AddAfter(key, TimeSpan.FromSeconds(minReady));
            }
            return;
        }
        if (newOwner is null)
        {
            EnqueueMatching(newObj.Metadata);
        }
    }

    public void OnDelete(V1Pod obj)
    {
        if (Owner(obj.Metadata) is { } set)
        {
            queue.Add(NamespacedKeys.Key(set.Metadata));
        }
    }

    private V1StatefulSet? Owner(V1ObjectMeta meta)
    {
        if (DaemonPods.ControllerRef(meta) is not { Kind: "StatefulSet" } owner)
        {
            return null;
        }
        var set = informers.StatefulSets.Get(meta.NamespaceProperty ?? "", owner.Name);
        return set?.Metadata.Uid == owner.Uid ? set : null;
    }

    private void EnqueueMatching(V1ObjectMeta meta)
    {
        var labels = (IReadOnlyDictionary<string, string>)(meta.Labels ?? new Dictionary<string, string>()).AsReadOnly();
        foreach (var set in informers.StatefulSets.ByIndex(SharedInformers.ByNamespace, meta.NamespaceProperty ?? ""))
        {
            if (ReplicaSetEventHandlers.Selects(set.Spec.Selector, labels))
            {
                queue.Add(NamespacedKeys.Key(set.Metadata));
            }
        }
    }
}
