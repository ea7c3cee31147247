using k8s;
using k8s.Models;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.FlowControl;

/// <summary>An informer handler that queues the name of whatever was added, changed or deleted.</summary>
internal sealed class NameFeed<T>(Action<string> add) : IInformerHandler<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    public void OnAdd(T obj) => add(obj.Metadata.Name);

    public void OnUpdate(T oldObj, T newObj) => add(newObj.Metadata.Name);

    public void OnDelete(T obj) => add(obj.Metadata.Name);
}
