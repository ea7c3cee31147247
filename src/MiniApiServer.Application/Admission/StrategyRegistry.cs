using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

public sealed class StrategyRegistry
{
    private readonly ResourceRegistry _registry;
    private readonly Dictionary<ResourceType, IResourceStrategy> _strategies = [];

    public StrategyRegistry(ResourceRegistry registry)
    {
        _registry = registry;
        foreach (var kind in registry.Kinds)
        {
            _strategies[kind.Type] = kind.CreateStrategy();
        }
    }

    /// <summary>A custom resource's strategy is its kind definition's own, made once per CRD generation.</summary>
    public IResourceStrategy For(ResourceType type) =>
        _strategies.TryGetValue(type, out var strategy) ? strategy : _registry.KindOf(type).CreateStrategy();
}
