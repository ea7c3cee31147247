using k8s;
using k8s.Models;
using MiniApiServer.Application.Selectors;

namespace MiniApiServer.Controllers.Rbac;

/// <summary>
/// The rules an aggregated ClusterRole should hold (pkg/controller/clusterroleaggregation syncClusterRole):
/// the rules of every other ClusterRole its selectors match, selector by selector, roles in name order,
/// each distinct rule once.
/// </summary>
public static class ClusterRoleAggregation
{
    public static List<V1PolicyRule> RulesFor(V1ClusterRole role, IReadOnlyList<V1ClusterRole> all)
    {
        var rules = new List<V1PolicyRule>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var selector in role.AggregationRule?.ClusterRoleSelectors ?? [])
        {
            var parsed = LabelSelector.FromModel(selector);
            foreach (var source in all.Where(r => r.Metadata.Name != role.Metadata.Name && parsed.Matches(Labels(r))).OrderBy(r => r.Metadata.Name, StringComparer.Ordinal))
            {
                foreach (var rule in source.Rules ?? [])
                {
                    if (seen.Add(Key(rule)))
                    {
                        rules.Add(rule);
                    }
                }
            }
        }
        return rules;
    }

    public static bool SameRules(IList<V1PolicyRule>? a, IList<V1PolicyRule>? b) =>
        (a ?? []).Select(Key).SequenceEqual((b ?? []).Select(Key), StringComparer.Ordinal);

    public static string Key(V1PolicyRule rule) => KubernetesJson.Serialize(rule);

    private static Dictionary<string, string> Labels(V1ClusterRole role) =>
        role.Metadata.Labels is { } labels ? new Dictionary<string, string>(labels, StringComparer.Ordinal) : [];
}
