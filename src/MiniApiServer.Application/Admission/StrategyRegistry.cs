using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

public sealed class StrategyRegistry
{
    private readonly Dictionary<ResourceType, IResourceStrategy> _strategies = [];

    public StrategyRegistry(ResourceRegistry registry)
    {
        foreach (var kind in registry.Kinds)
        {
            _strategies[kind.Type] = kind.CreateStrategy();
        }
    }

    public IResourceStrategy For(ResourceType type) => _strategies[type];
}
