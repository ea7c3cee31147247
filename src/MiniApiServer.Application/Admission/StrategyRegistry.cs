using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

public sealed class StrategyRegistry
{
    private readonly Dictionary<ResourceType, IResourceStrategy> _strategies = [];

    public StrategyRegistry(ResourceRegistry registry)
    {
        foreach (var t in registry.Types)
        {
            _strategies[t] = t.StorageKey switch
            {
                "pods" => new PodStrategy(t),
                "daemonsets.apps" => new DaemonSetStrategy(t),
                "namespaces" => new NamespaceStrategy(t),
                "controllerrevisions.apps" => new ControllerRevisionStrategy(t),
                _ => new DefaultStrategy(t),
            };
        }
    }

    public IResourceStrategy For(ResourceType type) => _strategies[type];
}
