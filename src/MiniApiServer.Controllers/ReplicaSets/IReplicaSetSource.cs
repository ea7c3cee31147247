using k8s.Models;
using MiniApiServer.Application.Resources;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.ReplicaSets;

/// <summary>
/// What the ReplicaSet controller manages, seen as ReplicaSets: apps/v1 ReplicaSets themselves, or core/v1
/// ReplicationControllers converted on the way in and out, as pkg/controller/replication/conversion.go's informer,
/// clientset and pod control adapters let the replication manager run replica_set.go unchanged.
/// </summary>
public interface IReplicaSetSource
{
    /// <summary>The event source component and the expectations' owner.</summary>
    string Component { get; }

    /// <summary>The work queue's name, upstream's (replicaset, replicationmanager).</summary>
    string QueueName { get; }

    /// <summary>The service account the controller writes as.</summary>
    string ServiceAccount { get; }

    ResourceType Type { get; }

    /// <summary>The ownerReference a created or adopted pod gets.</summary>
    V1OwnerReference OwnerRef(V1ReplicaSet rs);

    /// <summary>Whether a pod's controllerRef names this source's kind (its name and uid are checked by the caller).</summary>
    bool Owns(V1OwnerReference controllerRef);

    V1ReplicaSet? Get(string ns, string name);

    IReadOnlyList<V1ReplicaSet> InNamespace(string ns);

    /// <summary>The objects a controller (a Deployment) owns.</summary>
    IReadOnlyList<V1ReplicaSet> OwnedBy(string uid);

    void AddHandler(IInformerHandler<V1ReplicaSet> handler);

    void EnqueueAll(WorkQueue<string> queue);

    /// <summary>Writes the status through /status, unless the object was replaced (another uid) meanwhile.</summary>
    Task UpdateStatusAsync(ObjectClient client, V1ReplicaSet rs, V1ReplicaSetStatus status);
}
