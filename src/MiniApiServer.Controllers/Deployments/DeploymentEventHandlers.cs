using k8s.Models;
using MiniApiServer.Controllers.DaemonSets;
using MiniApiServer.Controllers.ReplicaSets;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Deployments;

/// <summary>
/// The handlers of deployment_controller.go: a ReplicaSet enqueues the Deployment that controls it, or, as an
/// orphan, every Deployment whose selector matches (one may adopt it); a deleted pod of a Recreate Deployment
/// enqueues it, because the new ReplicaSet waits for the old pods to be gone.
/// </summary>
public sealed class DeploymentEventHandlers(SharedInformers informers, WorkQueue<string> queue)
    : IInformerHandler<V1Deployment>, IInformerHandler<V1ReplicaSet>, IInformerHandler<V1Pod>
{
    public static string Key(V1ObjectMeta meta) => NamespacedKeys.Key(meta);

    public void OnAdd(V1Deployment obj) => queue.Add(Key(obj.Metadata));

    public void OnUpdate(V1Deployment oldObj, V1Deployment newObj) => queue.Add(Key(newObj.Metadata));

    public void OnDelete(V1Deployment obj) => queue.Add(Key(obj.Metadata));

    public void OnAdd(V1ReplicaSet obj)
    {
        if (Owner(obj.Metadata) is { } d)
        {
            queue.Add(Key(d.Metadata));
            return;
        }
        if (DaemonPods.ControllerRef(obj.Metadata) is null)
        {
            EnqueueMatching(obj.Metadata);
        }
    }

    public void OnUpdate(V1ReplicaSet oldObj, V1ReplicaSet newObj)
    {
        var oldRef = DaemonPods.ControllerRef(oldObj.Metadata);
        var newRef = DaemonPods.ControllerRef(newObj.Metadata);
        if (oldRef?.Uid != newRef?.Uid && Owner(oldObj.Metadata) is { } previous)
        {
            queue.Add(Key(previous.Metadata));
        }
        if (Owner(newObj.Metadata) is { } d)
        {
            queue.Add(Key(d.Metadata));
            return;
        }
        if (newRef is null)
        {
            EnqueueMatching(newObj.Metadata);
        }
    }

    public void OnDelete(V1ReplicaSet obj)
    {
        if (Owner(obj.Metadata) is { } d)
        {
            queue.Add(Key(d.Metadata));
        }
    }

    public void OnAdd(V1Pod obj)
    {
    }

    public void OnUpdate(V1Pod oldObj, V1Pod newObj)
    {
    }

    public void OnDelete(V1Pod obj)
    {
        if (DaemonPods.ControllerRef(obj.Metadata) is not { Kind: "ReplicaSet" } rsRef)
        {
            return;
        }
        var rs = informers.ReplicaSets.Get(obj.Metadata.NamespaceProperty ?? "", rsRef.Name);
        if (rs?.Metadata.Uid == rsRef.Uid && Owner(rs.Metadata) is { Spec.Strategy.Type: "Recreate" } d)
        {
            queue.Add(Key(d.Metadata));
        }
    }

    private V1Deployment? Owner(V1ObjectMeta meta)
    {
        if (DaemonPods.ControllerRef(meta) is not { Kind: "Deployment" } owner)
        {
            return null;
        }
        var d = informers.Deployments.Get(meta.NamespaceProperty ?? "", owner.Name);
        return d?.Metadata.Uid == owner.Uid ? d : null;
    }

    private void EnqueueMatching(V1ObjectMeta meta)
    {
        var labels = (IReadOnlyDictionary<string, string>)(meta.Labels ?? new Dictionary<string, string>()).AsReadOnly();
        foreach (var d in informers.Deployments.ByIndex(SharedInformers.ByNamespace, meta.NamespaceProperty ?? ""))
        {
            if (ReplicaSetEventHandlers.Selects(d.Spec.Selector, labels))
            {
                queue.Add(Key(d.Metadata));
            }
        }
    }
}
