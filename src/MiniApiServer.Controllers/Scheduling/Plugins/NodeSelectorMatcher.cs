using System.Globalization;
using k8s.Models;

namespace MiniApiServer.Controllers.Scheduling.Plugins;

/// <summary>
/// component-helpers/scheduling/corev1/nodeaffinity: nodeSelector labels must all match, and the required
/// node selector terms are ORed; inside a term matchExpressions and matchFields are ANDed. A term that
/// cannot be parsed, or has no requirements, matches nothing.
/// </summary>
public static class NodeSelectorMatcher
{
    public const string NodeNameField = "metadata.name";

    public static bool Matches(V1Pod pod, V1Node node)
    {
        var labels = node.Metadata?.Labels ?? new Dictionary<string, string>();
        foreach (var (key, value) in pod.Spec?.NodeSelector ?? new Dictionary<string, string>())
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }
        var required = pod.Spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution;
        return required is null || (required.NodeSelectorTerms ?? []).Any(t => TermMatches(t, node));
    }

    public static bool TermMatches(V1NodeSelectorTerm term, V1Node node)
    {
        var expressions = term.MatchExpressions ?? [];
        var fields = term.MatchFields ?? [];
        if (expressions.Count == 0 && fields.Count == 0)
        {
            return false;
        }
        var labels = node.Metadata?.Labels ?? new Dictionary<string, string>();
        foreach (var e in expressions)
        {
            if (!RequirementMatches(e, labels.TryGetValue(e.Key, out var v) ? v : null))
            {
                return false;
            }
        }
        foreach (var f in fields)
        {
            // Only metadata.name is a valid field (ValidateNodeFieldSelectorRequirement), and only In/NotIn.
            if (f.Key != NodeNameField || f.OperatorProperty is not ("In" or "NotIn") || !RequirementMatches(f, node.Metadata?.Name))
            {
                return false;
            }
        }
        return true;
    }

    private static bool RequirementMatches(V1NodeSelectorRequirement r, string? value)
    {
        var values = r.Values ?? [];
        return r.OperatorProperty switch
        {
            "In" => value is not null && values.Contains(value),
            "NotIn" => value is null || !values.Contains(value),
            "Exists" => value is not null,
            "DoesNotExist" => value is null,
            "Gt" => Compare(value, values) is > 0,
            "Lt" => Compare(value, values) is < 0,
            _ => false,
        };
    }

    private static int? Compare(string? value, IList<string> values)
    {
        if (value is null || values.Count != 1
            || !long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var actual)
            || !long.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var bound))
        {
            return null;
        }
        return actual.CompareTo(bound);
    }
}
