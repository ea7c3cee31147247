using MiniApiServer.Security;

namespace MiniApiServer.Pipeline.Audit;

/// <summary>
/// One audit.k8s.io/v1 PolicyRule as k8s.io/apiserver/pkg/audit/policy/checker.go matches it: every list that is set
/// must match; resources only for resource requests and nonResourceURLs only for the others.
/// </summary>
public sealed record AuditPolicyRule(
    AuditLevel Level,
    IReadOnlyList<string> Users,
    IReadOnlyList<string> UserGroups,
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> Namespaces,
    IReadOnlyList<AuditGroupResources> Resources,
    IReadOnlyList<string> NonResourceUrls,
    IReadOnlyList<string>? OmitStages,
    bool? OmitManagedFields)
{
    public bool Matches(AuthorizationAttributes a)
    {
        // A request that failed authentication has no user (the empty name), which no users or userGroups list matches.
        if (Users.Count > 0 && (a.User.Name.Length == 0 || !Users.Contains(a.User.Name)))
        {
            return false;
        }
        if (UserGroups.Count > 0 && !UserGroups.Any(a.User.Groups.Contains))
        {
            return false;
        }
        if (Verbs.Count > 0 && !Verbs.Contains(a.Verb))
        {
            return false;
        }
        if (Namespaces.Count > 0 || Resources.Count > 0)
        {
            return a.IsResourceRequest && MatchesResource(a);
        }
        if (NonResourceUrls.Count > 0)
        {
            return !a.IsResourceRequest && NonResourceUrls.Any(u => u.EndsWith('*') ? a.Path.StartsWith(u[..^1], StringComparison.Ordinal) : a.Path == u);
        }
        return true;
    }

    // ruleMatchesResource: "" in namespaces is the cluster scope; a resource "x/*", "*/status" or "*" as in RBAC.
    private bool MatchesResource(AuthorizationAttributes a)
    {
        if (Namespaces.Count > 0 && !Namespaces.Contains(a.Namespace))
        {
            return false;
        }
        if (Resources.Count == 0)
        {
            return true;
        }
        var combined = a.Subresource.Length > 0 ? $"{a.Resource}/{a.Subresource}" : a.Resource;
        return Resources.Any(gr => gr.Group == a.ApiGroup && (gr.Resources.Count == 0
            || ((gr.ResourceNames.Count == 0 || gr.ResourceNames.Contains(a.Name)) && gr.Resources.Any(r => r == combined || r == "*"
                || (a.Subresource.Length > 0 && r.StartsWith("*/", StringComparison.Ordinal) && r[2..] == a.Subresource)
                || (r.EndsWith("/*", StringComparison.Ordinal) && r[..^2] == a.Resource)))));
    }
}
