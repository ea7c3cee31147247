using k8s.Models;

namespace MiniApiServer.Security.Rbac;

/// <summary>
/// Whether one PolicyRule covers a request: plugin/pkg/auth/authorizer/rbac/rbac.go RuleAllows with the
/// matchers of pkg/apis/rbac/v1/evaluation_helpers.go ("*" everywhere, "*/subresource", a trailing "*" on
/// non-resource URLs, resourceNames only narrowing).
/// </summary>
public static class PolicyRuleMatching
{
    public const string All = "*";

    public static bool Allows(AuthorizationAttributes request, V1PolicyRule rule)
    {
        if (!VerbMatches(rule, request.Verb))
        {
            return false;
        }
        if (!request.IsResourceRequest)
        {
            return NonResourceUrlMatches(rule, request.Path);
        }
        var combined = request.Subresource.Length > 0 ? $"{request.Resource}/{request.Subresource}" : request.Resource;
        return ApiGroupMatches(rule, request.ApiGroup)
            && ResourceMatches(rule, combined, request.Subresource)
            && ResourceNameMatches(rule, request.Name);
    }

    public static bool VerbMatches(V1PolicyRule rule, string verb) => Contains(rule.Verbs, verb);

    public static bool ApiGroupMatches(V1PolicyRule rule, string group) => Contains(rule.ApiGroups, group);

    public static bool ResourceMatches(V1PolicyRule rule, string combinedResource, string subresource)
    {
        foreach (var r in rule.Resources ?? [])
        {
            if (r == All || r == combinedResource)
            {
                return true;
            }
            if (subresource.Length > 0 && r.Length == subresource.Length + 2 && r.StartsWith("*/", StringComparison.Ordinal) && r.EndsWith(subresource, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A rule without resourceNames covers every name, including none (list, create).</summary>
    public static bool ResourceNameMatches(V1PolicyRule rule, string name) =>
        rule.ResourceNames is not { Count: > 0 } names || names.Contains(name, StringComparer.Ordinal);

    public static bool NonResourceUrlMatches(V1PolicyRule rule, string path)
    {
        foreach (var url in rule.NonResourceURLs ?? [])
        {
            if (url == All || url == path)
            {
                return true;
            }
            if (url.EndsWith('*') && path.StartsWith(url.TrimEnd('*'), StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    private static bool Contains(IList<string>? values, string value)
    {
        foreach (var v in values ?? [])
        {
            if (v == All || v == value)
            {
                return true;
            }
        }
        return false;
    }
}
