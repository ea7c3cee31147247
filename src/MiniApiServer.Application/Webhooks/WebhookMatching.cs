using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Selectors;

namespace MiniApiServer.Application.Webhooks;

/// <summary>
/// Whether a webhook is called for a write: its rules (predicates/rules/rules.go), then its namespace and object
/// selectors (predicates/namespace/matcher.go, predicates/object/matcher.go). Pure: the namespace's labels are given.
/// </summary>
public static class WebhookMatching
{
    /// <summary>
    /// The kinds no webhook is ever called for (generic/webhook.go IsExemptAdmissionConfigurationResource), so that a
    /// broken webhook can always be removed.
    /// </summary>
    public static bool IsExempt(string group, string kind) =>
        group == "admissionregistration.k8s.io" && kind is "ValidatingWebhookConfiguration" or "MutatingWebhookConfiguration"
            or "ValidatingAdmissionPolicy" or "ValidatingAdmissionPolicyBinding" or "MutatingAdmissionPolicy" or "MutatingAdmissionPolicyBinding";

    public static bool RulesMatch(AdmissionWebhook webhook, AdmissionAttributes attrs) =>
        webhook.Rules.Any(rule => RuleMatches(rule, attrs.Operation, attrs.Type.Group, attrs.Type.Version, attrs.Type.Plural, attrs.Subresource ?? "", attrs.Namespace));

    public static bool RuleMatches(V1RuleWithOperations rule, string operation, string group, string version, string resource, string subresource, string ns)
    {
        return ScopeMatches(rule.Scope, group, resource, ns)
            && (rule.Operations ?? []).Any(op => op == "*" || op == operation)
            && ExactOrWildcard(rule.ApiGroups, group)
            && ExactOrWildcard(rule.ApiVersions, version)
            && (rule.Resources ?? []).Any(r => ResourceMatches(r, resource, subresource));
    }

    /// <summary>Whether a rule can match an operation on the resource (or subresource) in some namespace: all but its scope.</summary>
    public static bool RuleNames(V1RuleWithOperations rule, string operation, string group, string version, string resource, string subresource) =>
        (rule.Operations ?? []).Any(op => op == "*" || op == operation)
        && ExactOrWildcard(rule.ApiGroups, group)
        && ExactOrWildcard(rule.ApiVersions, version)
        && (rule.Resources ?? []).Any(r => ResourceMatches(r, resource, subresource));

    private static bool ScopeMatches(string? scope, string group, string resource, string ns)
    {
        var isNamespace = group.Length == 0 && resource == "namespaces";
        return scope switch
        {
            null or "*" => true,
            // A Namespace is cluster-scoped though its requests carry its own name as their namespace.
            "Cluster" => isNamespace || ns.Length == 0,
            "Namespaced" => !isNamespace && ns.Length > 0,
            _ => false,
        };
    }

    private static bool ExactOrWildcard(IList<string>? items, string value) =>
        (items ?? []).Any(i => i == "*" || i == value);

    /// <summary>"*" is every resource and no subresource; "*/*" everything; "pods/*" pods and each of their subresources.</summary>
    private static bool ResourceMatches(string entry, string resource, string subresource)
    {
        var slash = entry.IndexOf('/', StringComparison.Ordinal);
        var res = slash < 0 ? entry : entry[..slash];
        var sub = slash < 0 ? "" : entry[(slash + 1)..];
        return (res == "*" || res == resource) && (sub == "*" || sub == subresource);
    }

    /// <summary>
    /// A cluster-scoped write other than a namespace's always matches; a namespace's create or update is matched on
    /// the namespace being written; every other write on the labels of its namespace (<paramref name="namespaceLabels"/>).
    /// </summary>
    public static bool NamespaceSelectorMatches(AdmissionWebhook webhook, AdmissionAttributes attrs, IReadOnlyDictionary<string, string>? namespaceLabels) =>
        NamespaceSelectorMatches(webhook.NamespaceSelector, attrs, namespaceLabels);

    /// <summary>As for a webhook, for any namespace selector (a ValidatingAdmissionPolicy's or its binding's).</summary>
    public static bool NamespaceSelectorMatches(V1LabelSelector? namespaceSelector, AdmissionAttributes attrs, IReadOnlyDictionary<string, string>? namespaceLabels)
    {
        var isNamespace = attrs.Type.Group.Length == 0 && attrs.Type.Plural == "namespaces";
        if (attrs.Namespace.Length == 0 && !isNamespace)
        {
            return true;
        }
        var selector = LabelSelector.FromModel(namespaceSelector ?? new V1LabelSelector());
        if (selector.IsEverything)
        {
            return true;
        }
        if (isNamespace && attrs.Subresource is null && attrs.Operation is AdmissionOperation.Create or AdmissionOperation.Update)
        {
            return selector.Matches(LabelsOf(attrs.Object));
        }
        return selector.Matches(namespaceLabels ?? new Dictionary<string, string>());
    }

    /// <summary>The new or the old object's labels match; a write without an object's metadata matches only an empty selector.</summary>
    public static bool ObjectSelectorMatches(AdmissionWebhook webhook, AdmissionAttributes attrs) => ObjectSelectorMatches(webhook.ObjectSelector, attrs);

    public static bool ObjectSelectorMatches(V1LabelSelector? objectSelector, AdmissionAttributes attrs)
    {
        var selector = LabelSelector.FromModel(objectSelector ?? new V1LabelSelector());
        if (selector.IsEverything)
        {
            return true;
        }
        return (attrs.Object?["metadata"] is JsonObject && selector.Matches(LabelsOf(attrs.Object)))
            || (attrs.OldObject?["metadata"] is JsonObject && selector.Matches(LabelsOf(attrs.OldObject)));
    }

    public static IReadOnlyDictionary<string, string> LabelsOf(JsonObject? obj)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (obj?["metadata"]?["labels"] is JsonObject map)
        {
            foreach (var (k, v) in map)
            {
                if (v is JsonValue value && value.TryGetValue<string>(out var s))
                {
                    labels[k] = s;
                }
            }
        }
        return labels;
    }
}
