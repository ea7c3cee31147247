using MiniApiServer.Application.Resources;

namespace MiniApiServer.Controllers.GarbageCollection;

/// <summary>Maps an ownerReference's apiVersion and kind to a served resource by group and kind, as the RESTMapper does.</summary>
public static class OwnerKinds
{
    public static ResourceType? Resolve(ResourceRegistry registry, string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? "" : apiVersion[..slash];
        return registry.Types.FirstOrDefault(t => t.Group == group && t.Kind == kind);
    }

    /// <summary>Owners are looked up in the dependent's namespace, or cluster-wide for cluster-scoped kinds.</summary>
    public static ObjectIdentity OwnerIdentity(ResourceRegistry registry, OwnerRef owner, string dependentNamespace)
    {
        var type = Resolve(registry, owner.ApiVersion, owner.Kind);
        var ns = type is { Namespaced: false } ? "" : dependentNamespace;
        return new ObjectIdentity(type, owner.ApiVersion, owner.Kind, ns, owner.Name, owner.Uid);
    }
}
