using k8s;
using k8s.Models;
using MiniApiServer.Application.Resources;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.ReplicaSets;

/// <summary>
/// One kind's objects from its shared informer, as ReplicaSets: <paramref name="toReplicaSet"/> is the identity for
/// ReplicaSets and the conversion for ReplicationControllers, and <paramref name="setStatus"/> stores a computed status
/// on the kind's own model.
/// </summary>
public sealed class ReplicaSetSource<T>(
    Informer<T> informer,
    ResourceType type,
    string component,
    string queueName,
    string serviceAccount,
    Func<T, V1ReplicaSet> toReplicaSet,
    Action<T, V1ReplicaSetStatus> setStatus) : IReplicaSetSource
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public string Component => component;

    public string QueueName => queueName;

    public string ServiceAccount => serviceAccount;

    public ResourceType Type => type;

    public V1OwnerReference OwnerRef(V1ReplicaSet rs) => ControllerRefs.New(rs.Metadata, type.GroupVersion, type.Kind);

    public bool Owns(V1OwnerReference controllerRef) => controllerRef.Kind == type.Kind;

    public V1ReplicaSet? Get(string ns, string name) => informer.Get(ns, name) is { } obj ? toReplicaSet(obj) : null;

    public IReadOnlyList<V1ReplicaSet> InNamespace(string ns) => [.. informer.ByIndex(SharedInformers.ByNamespace, ns).Select(toReplicaSet)];

    public IReadOnlyList<V1ReplicaSet> OwnedBy(string uid) => [.. informer.ByIndex(SharedInformers.ByOwner, uid).Select(toReplicaSet)];

    public void AddHandler(IInformerHandler<V1ReplicaSet> handler) => informer.AddHandler(new Converting(handler, toReplicaSet));

    public void EnqueueAll(WorkQueue<string> queue) => informer.EnqueueAll(queue);

    public async Task UpdateStatusAsync(ObjectClient client, V1ReplicaSet rs, V1ReplicaSetStatus status) =>
        await client.UpdateAsync<T>(rs.Metadata.NamespaceProperty, rs.Metadata.Name, obj =>
        {
            if (obj.Metadata.Uid != rs.Metadata.Uid)
            {
                return false;
            }
            setStatus(obj, status);
            return true;
        }, status: true).ConfigureAwait(false);

    /// <summary>The informer's events, converted for the ReplicaSet handlers.</summary>
    private sealed class Converting(IInformerHandler<V1ReplicaSet> inner, Func<T, V1ReplicaSet> convert) : IInformerHandler<T>
    {
        public void OnAdd(T obj) => inner.OnAdd(convert(obj));

        public void OnUpdate(T oldObj, T newObj) => inner.OnUpdate(convert(oldObj), convert(newObj));

        public void OnDelete(T obj) => inner.OnDelete(convert(obj));
    }
}
