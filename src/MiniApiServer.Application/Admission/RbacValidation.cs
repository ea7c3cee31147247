using k8s.Models;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/apis/rbac/validation/validation.go with the v1 defaults of pkg/apis/rbac/v1/defaults.go: a rule names verbs
/// and either resources in API groups or non-resource URLs (cluster-wide only); a binding refers to a role in
/// rbac.authorization.k8s.io by kind and name, and that reference never changes; a subject is a ServiceAccount, a User
/// or a Group.
/// </summary>
public static class RbacValidation
{
    public const string Group = "rbac.authorization.k8s.io";

    public static void ValidateRules(IList<V1PolicyRule>? rules, bool namespaced, FieldErrors errors)
    {
        for (var i = 0; i < (rules?.Count ?? 0); i++)
        {
            var rule = rules![i];
            var path = $"rules[{i}]";
            if (rule.Verbs is not { Count: > 0 })
            {
                errors.Required($"{path}.verbs", "verbs must contain at least one value");
            }
            if (rule.NonResourceURLs is { Count: > 0 } urls)
            {
                if (namespaced)
                {
                    errors.Invalid($"{path}.nonResourceURLs", GoSyntax.Strings(urls), "namespaced rules cannot apply to non-resource URLs");
                }
                if (rule.ApiGroups is { Count: > 0 } || rule.Resources is { Count: > 0 } || rule.ResourceNames is { Count: > 0 })
                {
                    errors.Invalid($"{path}.nonResourceURLs", GoSyntax.Strings(urls), "rules cannot apply to both regular resources and non-resource URLs");
                }
                continue;
            }
            if (rule.ApiGroups is not { Count: > 0 })
            {
                errors.Required($"{path}.apiGroups", "resource rules must supply at least one api group");
            }
            if (rule.Resources is not { Count: > 0 })
            {
                errors.Required($"{path}.resources", "resource rules must supply at least one resource");
            }
        }
    }

    /// <summary>The defaulted roleRef: a struct upstream, so a binding without one still gets its API group.</summary>
    public static V1RoleRef DefaultBinding(V1RoleRef? roleRef, IList<Rbacv1Subject>? subjects)
    {
        roleRef ??= new V1RoleRef();
        if (string.IsNullOrEmpty(roleRef.ApiGroup))
        {
            roleRef.ApiGroup = Group;
        }
        foreach (var subject in subjects ?? [])
        {
            if (string.IsNullOrEmpty(subject.ApiGroup) && subject.Kind is "User" or "Group")
            {
                subject.ApiGroup = Group;
            }
        }
        return roleRef;
    }

    public static void ValidateBinding(V1RoleRef? roleRef, IList<Rbacv1Subject>? subjects, bool namespaced, FieldErrors errors)
    {
        roleRef ??= new V1RoleRef();
        if (roleRef.ApiGroup != Group)
        {
            errors.NotSupported("roleRef.apiGroup", roleRef.ApiGroup ?? "", Group);
        }
        string[] kinds = namespaced ? ["Role", "ClusterRole"] : ["ClusterRole"];
        if (!kinds.Contains(roleRef.Kind))
        {
            errors.NotSupported("roleRef.kind", roleRef.Kind ?? "", kinds);
        }
        if (string.IsNullOrEmpty(roleRef.Name))
        {
            errors.Required("roleRef.name");
        }
        else if (ObjectMetaValidation.PathSegmentNameError(roleRef.Name) is { } nameError)
        {
            errors.Invalid("roleRef.name", roleRef.Name, nameError);
        }
        for (var i = 0; i < (subjects?.Count ?? 0); i++)
        {
            ValidateSubject(subjects![i], namespaced, $"subjects[{i}]", errors);
        }
    }

    /// <summary>
    /// The stored roleRef's empty apiGroup counts as defaulted: bindings written before this server defaulted it
    /// (session 26) keep an empty one, and an update, defaulted, must not read as a change of role.
    /// </summary>
    public static void ValidateRoleRefUnchanged(V1RoleRef? roleRef, V1RoleRef? old, FieldErrors errors)
    {
        var oldGroup = string.IsNullOrEmpty(old?.ApiGroup) ? Group : old.ApiGroup;
        if (roleRef?.ApiGroup != oldGroup || roleRef?.Kind != old?.Kind || roleRef?.Name != old?.Name)
        {
            errors.Invalid("roleRef", RoleRefSyntax(roleRef), "cannot change roleRef");
        }
    }

    private static GoSyntax RoleRefSyntax(V1RoleRef? r) =>
        new($"rbac.RoleRef{{APIGroup:{GoSyntax.Quote(r?.ApiGroup ?? "")}, Kind:{GoSyntax.Quote(r?.Kind ?? "")}, Name:{GoSyntax.Quote(r?.Name ?? "")}}}");

    private static void ValidateSubject(Rbacv1Subject subject, bool namespaced, string path, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(subject.Name))
        {
            errors.Required($"{path}.name");
        }
        switch (subject.Kind)
        {
            case "ServiceAccount":
                if (!string.IsNullOrEmpty(subject.Name) && ObjectMetaValidation.SubdomainError(subject.Name) is { } nameError)
                {
                    errors.Invalid($"{path}.name", subject.Name, nameError);
                }
                if (!string.IsNullOrEmpty(subject.ApiGroup))
                {
                    errors.NotSupported($"{path}.apiGroup", subject.ApiGroup, "");
                }
                if (!namespaced && string.IsNullOrEmpty(subject.NamespaceProperty))
                {
                    errors.Required($"{path}.namespace");
                }
                break;
            case "User" or "Group":
                if (subject.ApiGroup != Group)
                {
                    errors.NotSupported($"{path}.apiGroup", subject.ApiGroup ?? "", Group);
                }
                break;
            default:
                errors.NotSupported($"{path}.kind", subject.Kind ?? "", "ServiceAccount", "User", "Group");
                break;
        }
    }
}
