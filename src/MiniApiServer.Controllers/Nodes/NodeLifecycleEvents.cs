using k8s.Models;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Nodes;

/// <summary>Node add/update → node name key (the upstream tainting passes run on every node event); never writes.</summary>
public sealed class NodeLifecycleEvents(WorkQueue<string> queue) : IInformerHandler<V1Node>
{
    public void OnAdd(V1Node obj) => queue.Add(obj.Metadata.Name);

    public void OnUpdate(V1Node oldObj, V1Node newObj) => queue.Add(newObj.Metadata.Name);

    public void OnDelete(V1Node obj) => queue.Add(obj.Metadata.Name);
}
