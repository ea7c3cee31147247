using k8s.Models;

namespace MiniApiServer.Controllers.Scheduling.Plugins;

/// <summary>A pure Filter extension point: may this pod run on this node, given the pods already there?</summary>
public interface IFilterPlugin
{
    string Name { get; }

    FilterStatus Filter(V1Pod pod, NodeInfo node);
}
