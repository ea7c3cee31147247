using k8s.Models;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Storage;

namespace MiniApiServer.Discovery;

/// <summary>
/// The group versions users registered behind a Service (an APIService with spec.service) that this process does not
/// serve itself. kube-aggregator proxies them to that Service; no simulated pod answers, so they are always unavailable.
/// </summary>
public static class AggregatedAPIServices
{
    /// <summary>The APIService for a group version, when it names a Service and the group version is not served here.</summary>
    public static V1APIService? Remote(ObjectStore store, ResourceRegistry registry, Func<IReadOnlyList<ResourceType>> served, string group, string version)
    {
        if (store.Cache.Get(registry.APIServices.StorageKey, "", version + "." + group) is not { } stored)
        {
            return null;
        }
        var apiService = ModelCodec.DecodeShared<V1APIService>(stored);
        return apiService.Spec?.Service is not null && !served().Any(t => t.Group == group && t.Version == version) ? apiService : null;
    }

    /// <summary>Every such group version, ordered as the aggregator's discovery orders APIServices (group priority, then name).</summary>
    public static IReadOnlyList<(string Group, string Version)> All(ObjectStore store, ResourceRegistry registry, IReadOnlyList<ResourceType> served) =>
        [.. store.Cache.List(registry.APIServices.StorageKey, null).Items
            .Select(ModelCodec.DecodeShared<V1APIService>)
            .Where(a => a.Spec?.Service is not null && a.Spec.Group is { Length: > 0 } && !served.Any(t => t.Group == a.Spec.Group && t.Version == a.Spec.Version))
            .OrderByDescending(a => a.Spec.GroupPriorityMinimum).ThenBy(a => a.Metadata.Name, StringComparer.Ordinal)
            .Select(a => (a.Spec.Group, a.Spec.Version))];
}
