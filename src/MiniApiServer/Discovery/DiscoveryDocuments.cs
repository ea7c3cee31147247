using System.Text.Json.Nodes;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Discovery;

/// <summary>
/// Discovery bodies for /api, /apis and the per-group-version resource lists, in both the aggregated (v2)
/// and the legacy shapes. Resource order follows the input; the first version of a group is its preferred one.
/// </summary>
public static class DiscoveryDocuments
{
    /// <summary>client-go parses a body as aggregated only when the response carries exactly this media type.</summary>
    public const string AggregatedContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    public static readonly string[] ResourceVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    /// <summary>Aggregated discovery for GET /api: the core group only, named "".</summary>
    public static JsonObject AggregatedCore(IReadOnlyList<ResourceType> resources) =>
        AggregatedList(resources.Where(r => r.Group.Length == 0));

    /// <summary>
    /// Aggregated discovery for GET /apis: every named group, then the group versions of APIServices behind a Service
    /// that did not answer (handler_discovery.go: a version with no resources, marked Stale).
    /// </summary>
    public static JsonObject AggregatedGroups(IReadOnlyList<ResourceType> resources, IReadOnlyList<(string Group, string Version)>? stale = null)
    {
        var list = AggregatedList(resources.Where(r => r.Group.Length > 0));
        var items = list["items"]!.AsArray();
        foreach (var (group, version) in stale ?? [])
        {
            var staleVersion = new JsonObject { ["version"] = version, ["freshness"] = "Stale" };
            if (items.FirstOrDefault(i => i!["metadata"]!["name"]!.GetValue<string>() == group) is { } item)
            {
                item["versions"]!.AsArray().Add(staleVersion);
            }
            else
            {
                items.Add(new JsonObject { ["metadata"] = new JsonObject { ["name"] = group }, ["versions"] = new JsonArray(staleVersion) });
            }
        }
        return list;
    }

    /// <summary>Legacy GET /api.</summary>
    public static JsonObject ApiVersions(IReadOnlyList<ResourceType> resources, string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = Strings(resources.Where(r => r.Group.Length == 0).Select(r => r.Version).Distinct()),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    /// <summary>Legacy GET /apis: the served groups, then those only APIServices behind a Service name (handler_apis.go lists every APIService).</summary>
    public static JsonObject ApiGroupList(IReadOnlyList<ResourceType> resources, IReadOnlyList<(string Group, string Version)>? aggregated = null)
    {
        var groups = new JsonArray();
        var versionsOf = resources.Where(r => r.Group.Length > 0).Select(r => (r.Group, r.Version)).Concat(aggregated ?? []);
        foreach (var group in ByPriority(versionsOf.GroupBy(r => r.Group)))
        {
            var versions = group.Select(r => r.Version).Distinct().Select(v => GroupVersionObject(group.Key, v)).ToArray<JsonNode?>();
            groups.Add(new JsonObject
            {
                ["name"] = group.Key,
                ["versions"] = new JsonArray(versions),
                ["preferredVersion"] = GroupVersionObject(group.Key, group.First().Version),
            });
        }
        return new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
    }

    /// <summary>Legacy GET /api/v1 or /apis/{group}/{version}; subresources appear as "plural/sub" entries.</summary>
    public static JsonObject ApiResourceList(IReadOnlyList<ResourceType> resources, string group, string version)
    {
        var list = new JsonArray();
        foreach (var r in resources.Where(r => r.Group == group && r.Version == version))
        {
            var entry = new JsonObject
            {
                ["name"] = r.Plural,
                ["singularName"] = r.Singular,
                ["namespaced"] = r.Namespaced,
                ["kind"] = r.Kind,
                ["verbs"] = Strings(r.Verbs ?? ResourceVerbs),
            };
            AddIfAny(entry, "shortNames", r.ShortNames);
            AddIfAny(entry, "categories", r.Categories);
            if (r.Verbs is null)
            {
                // Only stored resources have a storage version; metrics.k8s.io (metrics-server) advertises none.
                // The hash names the version objects are stored as, the same for every version served from that store
                // (autoscaling/v1 HPAs are stored as v2).
                var stored = resources.FirstOrDefault(t => t.Group == r.Group && t.Plural == r.Plural && t.StorageKey == t.GroupResource) ?? r;
                entry["storageVersionHash"] = StorageVersionHash.Of(stored.Group, stored.Version, stored.Kind);
            }
            list.Add(entry);
            foreach (var sub in r.Subresources.Select(s => SubresourceInfo.For(r, s)))
            {
                var subEntry = new JsonObject
                {
                    ["name"] = $"{r.Plural}/{sub.Name}",
                    ["singularName"] = "",
                    ["namespaced"] = r.Namespaced,
                    ["kind"] = sub.Kind,
                    ["verbs"] = Strings(sub.Verbs),
                };
                // Upstream names the group/version only when it differs from the list's own (pods/binding).
                if (sub.Group != group || sub.Version != version)
                {
                    subEntry["group"] = sub.Group;
                    subEntry["version"] = sub.Version;
                }
                list.Add(subEntry);
            }
        }
        var groupVersion = group.Length == 0 ? version : $"{group}/{version}";
        return new JsonObject { ["kind"] = "APIResourceList", ["apiVersion"] = "v1", ["groupVersion"] = groupVersion, ["resources"] = list };
    }

    /// <summary>
    /// The aggregator's order (apiservice_controller.go sorts by group priority, then name): apps before events.k8s.io
    /// before authentication.k8s.io, and a CRD's group after the built-in ones. The order within a group stays.
    /// </summary>
    private static IEnumerable<IGrouping<string, T>> ByPriority<T>(IEnumerable<IGrouping<string, T>> groups) =>
        groups.OrderByDescending(g => Controllers.ApiRegistration.APIServicePriorities.GroupPriority(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal);

    private static JsonObject AggregatedList(IEnumerable<ResourceType> resources)
    {
        var items = new JsonArray();
        foreach (var group in ByPriority(resources.GroupBy(r => r.Group)))
        {
            var versions = new JsonArray();
            foreach (var version in group.GroupBy(r => r.Version))
            {
                versions.Add(new JsonObject
                {
                    ["version"] = version.Key,
                    ["resources"] = new JsonArray(version.Select(AggregatedResource).ToArray<JsonNode?>()),
                    ["freshness"] = "Current",
                });
            }
            items.Add(new JsonObject { ["metadata"] = new JsonObject { ["name"] = group.Key }, ["versions"] = versions });
        }
        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = "apidiscovery.k8s.io/v2",
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    private static JsonObject AggregatedResource(ResourceType r)
    {
        var entry = new JsonObject
        {
            ["resource"] = r.Plural,
            ["responseKind"] = Gvk(r.Group, r.Version, r.Kind),
            ["scope"] = r.Namespaced ? "Namespaced" : "Cluster",
            ["singularResource"] = r.Singular,
            ["verbs"] = Strings(r.Verbs ?? ResourceVerbs),
        };
        AddIfAny(entry, "shortNames", r.ShortNames);
        AddIfAny(entry, "categories", r.Categories);
        if (r.Subresources.Length > 0)
        {
            entry["subresources"] = new JsonArray(r.Subresources.Select(s => SubresourceInfo.For(r, s)).Select(sub => (JsonNode?)new JsonObject
            {
                ["subresource"] = sub.Name,
                ["responseKind"] = Gvk(sub.Group, sub.Version, sub.Kind),
                ["verbs"] = Strings(sub.Verbs),
            }).ToArray());
        }
        return entry;
    }

    private static JsonObject Gvk(string group, string version, string kind) =>
        new() { ["group"] = group, ["version"] = version, ["kind"] = kind };

    private static JsonObject GroupVersionObject(string group, string version) =>
        new() { ["groupVersion"] = $"{group}/{version}", ["version"] = version };

    private static void AddIfAny(JsonObject target, string key, string[] values)
    {
        if (values.Length > 0)
        {
            target[key] = Strings(values);
        }
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
