using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Webhooks;

namespace MiniApiServer.Application.Policies;

/// <summary>
/// policy/matching/matching.go Matches: the excluded rules, the rules with their resourceNames (an empty list names
/// every object; no rules at all, as a binding may have, matches every write the policy matched), then the namespace
/// and object selectors. Pure: the namespace's labels are asked for only when a selector needs them.
/// </summary>
internal static class PolicyMatching
{
    public static bool Matches(V1MatchResources match, AdmissionAttributes attrs, Func<IReadOnlyDictionary<string, string>> namespaceLabels)
    {
        // The rules first: the same answer as upstream's selectors-first order, without reading the namespace for a
        // write no rule names.
        if (RulesMatch(match.ExcludeResourceRules, attrs) || ((match.ResourceRules?.Count ?? 0) > 0 && !RulesMatch(match.ResourceRules, attrs)))
        {
            return false;
        }
        var nsSelector = match.NamespaceSelector;
        var labels = nsSelector is not null && ((nsSelector.MatchLabels?.Count ?? 0) > 0 || (nsSelector.MatchExpressions?.Count ?? 0) > 0) ? namespaceLabels() : null;
        return WebhookMatching.NamespaceSelectorMatches(nsSelector, attrs, labels) && WebhookMatching.ObjectSelectorMatches(match.ObjectSelector, attrs);
    }

    private static bool RulesMatch(IList<V1NamedRuleWithOperations>? rules, AdmissionAttributes attrs)
    {
        foreach (var rule in rules ?? [])
        {
            if (!WebhookMatching.RuleMatches(AdmissionPolicyValidation.AsRule(rule), attrs.Operation, attrs.Type.Group, attrs.Type.Version, attrs.Type.Plural,
                    attrs.Subresource ?? "", attrs.Namespace))
            {
                continue;
            }
            if ((rule.ResourceNames?.Count ?? 0) == 0 || rule.ResourceNames!.Contains(attrs.Name))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Whether some rule can name the operation on the resource in some namespace: what a write must ask before building attributes.</summary>
    public static bool Names(V1MatchResources? match, string operation, Resources.ResourceType type, string subresource) =>
        (match?.ResourceRules ?? []).Any(rule =>
            WebhookMatching.RuleNames(AdmissionPolicyValidation.AsRule(rule), operation, type.Group, type.Version, type.Plural, subresource));
}
