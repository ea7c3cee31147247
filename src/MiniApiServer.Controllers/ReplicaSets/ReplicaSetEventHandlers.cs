using k8s.Models;
using MiniApiServer.Application.Selectors;
using MiniApiServer.Controllers.DaemonSets;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.ReplicaSets;

/// <summary>
/// The handlers of replica_set.go: owned pods enqueue their ReplicaSet and observe its expectations; orphans
/// enqueue every ReplicaSet whose selector matches, which may adopt them; a pod turning Ready enqueues its
/// owner again after minReadySeconds, when it becomes available without another event.
/// </summary>
public sealed class ReplicaSetEventHandlers(IReplicaSetSource source, WorkQueue<string> queue, ControllerExpectations expectations)
    : IInformerHandler<V1ReplicaSet>, IInformerHandler<V1Pod>
{
    public static string Key(V1ObjectMeta meta) => NamespacedKeys.Key(meta);

    public void OnAdd(V1ReplicaSet obj) => queue.Add(Key(obj.Metadata));

    public void OnUpdate(V1ReplicaSet oldObj, V1ReplicaSet newObj)
    {
        if (oldObj.Metadata.Uid != newObj.Metadata.Uid)
        {
            expectations.DeleteExpectations(Key(oldObj.Metadata));
        }
        queue.Add(Key(newObj.Metadata));
    }

    public void OnDelete(V1ReplicaSet obj)
    {
        expectations.DeleteExpectations(Key(obj.Metadata));
        queue.Add(Key(obj.Metadata));
    }

    public void OnAdd(V1Pod obj)
    {
        if (obj.Metadata.DeletionTimestamp is not null)
        {
            OnDelete(obj);
            return;
        }
        if (Owner(obj.Metadata) is { } rs)
        {
            expectations.CreationObserved(Key(rs.Metadata));
            queue.Add(Key(rs.Metadata));
            return;
        }
        EnqueueMatching(obj.Metadata);
    }

    public void OnUpdate(V1Pod oldObj, V1Pod newObj)
    {
        var oldOwner = DaemonPods.ControllerRef(oldObj.Metadata);
        var newOwner = DaemonPods.ControllerRef(newObj.Metadata);
        if (newObj.Metadata.DeletionTimestamp is not null)
        {
            // updatePod: a graceful deletion counts as observed once deletionTimestamp is set, so the
            // replacement is created without waiting for the kubelet.
            OnDelete(newObj);
            if (oldOwner?.Uid != newOwner?.Uid && Owner(oldObj.Metadata) is { } previous)
            {
                queue.Add(Key(previous.Metadata));
            }
            return;
        }
        if (oldOwner?.Uid != newOwner?.Uid && Owner(oldObj.Metadata) is { } old)
        {
            queue.Add(Key(old.Metadata));
        }
        if (Owner(newObj.Metadata) is { } rs)
        {
            queue.Add(Key(rs.Metadata));
            if (!DaemonPods.IsReady(oldObj) && DaemonPods.IsReady(newObj) && rs.Spec.MinReadySeconds is > 0 and var minReady)
            {
                queue.AddAfter(Key(rs.Metadata), TimeSpan.FromSeconds(minReady + 1));
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
        if (Owner(obj.Metadata) is { } rs)
        {
            expectations.DeletionObserved(Key(rs.Metadata));
            queue.Add(Key(rs.Metadata));
        }
    }

    private V1ReplicaSet? Owner(V1ObjectMeta meta)
    {
        if (DaemonPods.ControllerRef(meta) is not { } owner || !source.Owns(owner))
        {
            return null;
        }
        var rs = source.Get(meta.NamespaceProperty ?? "", owner.Name);
        return rs?.Metadata.Uid == owner.Uid ? rs : null;
    }

    private void EnqueueMatching(V1ObjectMeta meta)
    {
        var labels = (IReadOnlyDictionary<string, string>)(meta.Labels ?? new Dictionary<string, string>()).AsReadOnly();
        foreach (var rs in source.InNamespace(meta.NamespaceProperty ?? ""))
        {
            if (Selects(rs.Spec.Selector, labels))
            {
                queue.Add(Key(rs.Metadata));
            }
        }
    }

    public static bool Selects(V1LabelSelector? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is null || ((selector.MatchLabels?.Count ?? 0) == 0 && (selector.MatchExpressions?.Count ?? 0) == 0))
        {
            return false;
        }
        try
        {
            return LabelSelector.FromModel(selector).Matches(labels);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
