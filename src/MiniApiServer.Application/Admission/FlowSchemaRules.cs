using k8s.Models;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// The rules half of pkg/apis/flowcontrol/validation/validation.go (1.32): ValidateFlowSchemaPolicyRulesWithSubjects,
/// its subjects, resource rules and non-resource rules, with upstream's messages.
/// </summary>
internal static class FlowSchemaRules
{
    private static readonly string[] Verbs = ["create", "delete", "deletecollection", "get", "list", "patch", "proxy", "update", "watch"];
    private static readonly string[] SubjectKinds = ["Group", "ServiceAccount", "User"];
    private const string NamespaceIntro = "each member of this list must be '*' or a DNS-1123 label; ";

    public static void Validate(V1PolicyRulesWithSubjects rule, string path, FieldErrors errors)
    {
        if (rule.Subjects is { Count: > 0 } subjects)
        {
            for (var i = 0; i < subjects.Count; i++)
            {
                ValidateSubject(subjects[i], $"{path}.subjects[{i}]", errors);
            }
        }
        else
        {
            errors.Required($"{path}.subjects", "subjects must contain at least one value");
        }
        if (rule.ResourceRules is not { Count: > 0 } && rule.NonResourceRules is not { Count: > 0 })
        {
            errors.Required(path, "at least one of resourceRules and nonResourceRules has to be non-empty");
        }
        for (var i = 0; i < (rule.ResourceRules?.Count ?? 0); i++)
        {
            ValidateResourceRule(rule.ResourceRules![i], $"{path}.resourceRules[{i}]", errors);
        }
        for (var i = 0; i < (rule.NonResourceRules?.Count ?? 0); i++)
        {
            ValidateNonResourceRule(rule.NonResourceRules![i], $"{path}.nonResourceRules[{i}]", errors);
        }
    }

    private static void ValidateSubject(Flowcontrolv1Subject subject, string path, FieldErrors errors)
    {
        switch (subject.Kind)
        {
            case "ServiceAccount":
                ValidateServiceAccount(subject.ServiceAccount, $"{path}.serviceAccount", errors);
                ForbidUser(subject, path, errors);
                ForbidGroup(subject, path, errors);
                break;
            case "User":
                ValidateNamed(subject.User?.Name, subject.User is null, $"{path}.user", "user is required when subject kind is 'User'", errors);
                ForbidServiceAccount(subject, path, errors);
                ForbidGroup(subject, path, errors);
                break;
            case "Group":
                ValidateNamed(subject.Group?.Name, subject.Group is null, $"{path}.group", "group is required when subject kind is 'Group'", errors);
                ForbidServiceAccount(subject, path, errors);
                ForbidUser(subject, path, errors);
                break;
            default:
                errors.NotSupported($"{path}.kind", subject.Kind ?? "", SubjectKinds);
                break;
        }
    }

    private static void ForbidUser(Flowcontrolv1Subject subject, string path, FieldErrors errors)
    {
        if (subject.User is not null)
        {
            errors.Forbidden($"{path}.user", "user is forbidden when subject kind is not 'User'");
        }
    }

    private static void ForbidGroup(Flowcontrolv1Subject subject, string path, FieldErrors errors)
    {
        if (subject.Group is not null)
        {
            errors.Forbidden($"{path}.group", "group is forbidden when subject kind is not 'Group'");
        }
    }

    private static void ForbidServiceAccount(Flowcontrolv1Subject subject, string path, FieldErrors errors)
    {
        if (subject.ServiceAccount is not null)
        {
            errors.Forbidden($"{path}.serviceAccount", "serviceAccount is forbidden when subject kind is not 'ServiceAccount'");
        }
    }

    private static void ValidateNamed(string? name, bool missing, string path, string requiredMessage, FieldErrors errors)
    {
        if (missing)
        {
            errors.Required(path, requiredMessage);
        }
        else if (string.IsNullOrEmpty(name))
        {
            errors.Required($"{path}.name");
        }
    }

    /// <summary>ValidateServiceAccountSubject: "*" names every account of the namespace.</summary>
    private static void ValidateServiceAccount(V1ServiceAccountSubject? account, string path, FieldErrors errors)
    {
        if (account is null)
        {
            errors.Required(path, "serviceAccount is required when subject kind is 'ServiceAccount'");
            return;
        }
        if (string.IsNullOrEmpty(account.Name))
        {
            errors.Required($"{path}.name");
        }
        else if (account.Name != "*")
        {
            foreach (var message in ObjectMetaValidation.SubdomainErrors(account.Name))
            {
                errors.Invalid($"{path}.name", account.Name, message);
            }
        }
        if (string.IsNullOrEmpty(account.NamespaceProperty))
        {
            errors.Required($"{path}.namespace", "must specify namespace for service account");
        }
        else if (ObjectMetaValidation.LabelNameError(account.NamespaceProperty) is { } message)
        {
            errors.Invalid($"{path}.namespace", account.NamespaceProperty, message);
        }
    }

    private static void ValidateVerbs(IList<string>? verbs, string path, FieldErrors errors)
    {
        if (verbs is not { Count: > 0 })
        {
            errors.Required($"{path}.verbs", "verbs must contain at least one value");
        }
        else if (verbs.Contains("*"))
        {
            if (verbs.Count > 1)
            {
                errors.Invalid($"{path}.verbs", GoSyntax.Strings(verbs), "if '*' is present, must not specify other verbs");
            }
        }
        else if (!verbs.All(Verbs.Contains))
        {
            errors.NotSupported($"{path}.verbs", GoSyntax.Strings(verbs), Verbs);
        }
    }

    private static void ValidateResourceRule(V1ResourcePolicyRule rule, string path, FieldErrors errors)
    {
        ValidateVerbs(rule.Verbs, path, errors);
        AtLeastOneOrWildcardAlone(rule.ApiGroups, $"{path}.apiGroups", "resource rules must supply at least one api group", "api groups", errors);
        AtLeastOneOrWildcardAlone(rule.Resources, $"{path}.resources", "resource rules must supply at least one resource", "resources", errors);
        var namespaces = rule.Namespaces ?? [];
        if (namespaces.Count == 0 && rule.ClusterScope != true)
        {
            errors.Required($"{path}.namespaces", "resource rules that are not cluster scoped must supply at least one namespace");
        }
        else
        {
            WildcardAloneOrEach(namespaces, $"{path}.namespaces", "namespaces", n => ObjectMetaValidation.LabelNameError(n) is { } m ? NamespaceIntro + m : null, errors);
        }
    }

    private static void AtLeastOneOrWildcardAlone(IList<string>? values, string path, string required, string what, FieldErrors errors)
    {
        if (values is not { Count: > 0 })
        {
            errors.Required(path, required);
        }
        else if (values.Count > 1 && values.Contains("*"))
        {
            errors.Invalid(path, GoSyntax.Strings(values), $"if '*' is present, must not specify other {what}");
        }
    }

    private static void ValidateNonResourceRule(V1NonResourcePolicyRule rule, string path, FieldErrors errors)
    {
        ValidateVerbs(rule.Verbs, path, errors);
        var urls = rule.NonResourceURLs ?? [];
        if (urls.Count == 0)
        {
            errors.Required($"{path}.nonResourceURLs", "nonResourceURLs must contain at least one value");
        }
        else
        {
            WildcardAloneOrEach(urls, $"{path}.nonResourceURLs", "non-resource URLs", NonResourceUrlError, errors);
        }
    }

    /// <summary>A "*" stands alone; without one, each member is checked on its own.</summary>
    private static void WildcardAloneOrEach(IList<string> values, string path, string what, Func<string, string?> memberError, FieldErrors errors)
    {
        if (values.Contains("*"))
        {
            if (values.Count > 1)
            {
                errors.Invalid(path, GoSyntax.Strings(values), $"if '*' is present, must not specify other {what}");
            }
            return;
        }
        for (var i = 0; i < values.Count; i++)
        {
            if (memberError(values[i]) is { } message)
            {
                errors.Invalid($"{path}[{i}]", values[i], message);
            }
        }
    }

    /// <summary>ValidateNonResourceURLPath: a slash first, no blanks or double slashes, and "*" only as a last "/*".</summary>
    private static string? NonResourceUrlError(string url)
    {
        if (url.Length == 0)
        {
            return "must not be empty";
        }
        if (url == "/")
        {
            return null;
        }
        if (!url.StartsWith('/'))
        {
            return "must start with slash";
        }
        if (url.Contains(' ', StringComparison.Ordinal))
        {
            return "must not contain white-space";
        }
        if (url.Contains("//", StringComparison.Ordinal))
        {
            return "must not contain double slash";
        }
        var wildcards = url.Count(c => c == '*');
        return wildcards > 1 || (wildcards == 1 && !url.EndsWith("/*", StringComparison.Ordinal)) ? "wildcard can only do suffix matching" : null;
    }
}
