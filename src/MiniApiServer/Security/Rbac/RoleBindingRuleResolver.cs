using k8s.Models;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Security.Rbac;

/// <summary>
/// The rules that apply to a user in a namespace, read from the shared informers' caches (never the database):
/// pkg/registry/rbac/validation/rule.go VisitRulesFor. ClusterRoleBindings first, then the namespace's
/// RoleBindings; a binding whose role is missing is reported (upstream's "RBAC: ... not found") and skipped.
/// </summary>
public sealed class RoleBindingRuleResolver(SharedInformers informers)
{
    /// <summary>Called for each rule with the binding that grants it; returning false stops the walk.</summary>
    public delegate bool RuleVisitor(string source, V1PolicyRule? rule, string? error);

    public Task WaitForSyncAsync(CancellationToken ct) => Task.WhenAll(
        informers.ClusterRoles.WaitForSyncAsync(ct), informers.ClusterRoleBindings.WaitForSyncAsync(ct),
        informers.Roles.WaitForSyncAsync(ct), informers.RoleBindings.WaitForSyncAsync(ct));

    public void VisitRulesFor(UserInfo user, string ns, RuleVisitor visit)
    {
        foreach (var binding in informers.ClusterRoleBindings.List().OrderBy(b => b.Metadata.Name, StringComparer.Ordinal))
        {
            var subject = AppliesTo(user, binding.Subjects, "");
            if (subject is null)
            {
                continue;
            }
            var source = $"ClusterRoleBinding \"{binding.Metadata.Name}\" of {binding.RoleRef.Kind} \"{binding.RoleRef.Name}\" to {Describe(subject, "")}";
            if (!VisitRole(binding.RoleRef, "", source, visit))
            {
                return;
            }
        }
        if (ns.Length == 0)
        {
            return;
        }
        foreach (var binding in informers.RoleBindings.ByIndex(SharedInformers.ByNamespace, ns).OrderBy(b => b.Metadata.Name, StringComparer.Ordinal))
        {
            var subject = AppliesTo(user, binding.Subjects, ns);
            if (subject is null)
            {
                continue;
            }
            var source = $"RoleBinding \"{binding.Metadata.Name}/{ns}\" of {binding.RoleRef.Kind} \"{binding.RoleRef.Name}\" to {Describe(subject, ns)}";
            if (!VisitRole(binding.RoleRef, ns, source, visit))
            {
                return;
            }
        }
    }

    /// <summary>Every rule that applies, and the errors met on the way (SelfSubjectRulesReview's evaluationError).</summary>
    public (List<V1PolicyRule> Rules, List<string> Errors) RulesFor(UserInfo user, string ns)
    {
        var rules = new List<V1PolicyRule>();
        var errors = new List<string>();
        VisitRulesFor(user, ns, (_, rule, error) =>
        {
            if (rule is not null)
            {
                rules.Add(rule);
            }
            if (error is not null)
            {
                errors.Add(error);
            }
            return true;
        });
        return (rules, errors);
    }

    private bool VisitRole(V1RoleRef roleRef, string bindingNamespace, string source, RuleVisitor visit)
    {
        IList<V1PolicyRule>? rules;
        if (roleRef.Kind == "ClusterRole")
        {
            rules = informers.ClusterRoles.Get("", roleRef.Name) is { } role ? role.Rules ?? [] : null;
        }
        else if (roleRef.Kind == "Role" && bindingNamespace.Length > 0)
        {
            rules = informers.Roles.Get(bindingNamespace, roleRef.Name) is { } role ? role.Rules ?? [] : null;
        }
        else
        {
            return visit(source, null, $"unsupported role reference kind: \"{roleRef.Kind}\"");
        }
        if (rules is null)
        {
            var resource = roleRef.Kind == "ClusterRole" ? "clusterrole" : "role";
            return visit(source, null, $"{resource}.rbac.authorization.k8s.io \"{roleRef.Name}\" not found");
        }
        foreach (var rule in rules)
        {
            if (!visit(source, rule, null))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>rule.go appliesToUser: a ServiceAccount subject without a namespace means the binding's own.</summary>
    private static Rbacv1Subject? AppliesTo(UserInfo user, IList<Rbacv1Subject>? subjects, string bindingNamespace)
    {
        foreach (var s in subjects ?? [])
        {
            var applies = s.Kind switch
            {
                "User" => user.Name == s.Name,
                "Group" => user.Groups.Contains(s.Name, StringComparer.Ordinal),
                "ServiceAccount" => (string.IsNullOrEmpty(s.NamespaceProperty) ? bindingNamespace : s.NamespaceProperty) is { Length: > 0 } saNamespace
                    && user.Name == ServiceAccountUser.Name(saNamespace, s.Name),
                _ => false,
            };
            if (applies)
            {
                return s;
            }
        }
        return null;
    }

    private static string Describe(Rbacv1Subject s, string bindingNamespace) => s.Kind == "ServiceAccount"
        ? $"{s.Kind} \"{s.Name}/{(string.IsNullOrEmpty(s.NamespaceProperty) ? bindingNamespace : s.NamespaceProperty)}\""
        : $"{s.Kind} \"{s.Name}\"";
}
