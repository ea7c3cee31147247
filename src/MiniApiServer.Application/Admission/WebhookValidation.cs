using k8s.Models;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/apis/admissionregistration/validation/validation.go for both configuration kinds, with the create options
/// (unique names, None/NoneOnDryRun side effects, a known AdmissionReview version); an update keeps an old object's
/// looser values valid, as validationOptions derives them from it. Messages are upstream's.
/// </summary>
public static class WebhookValidation
{
    private static readonly string[] Operations = ["*", "CONNECT", "CREATE", "DELETE", "UPDATE"];
    private static readonly string[] Scopes = ["*", "Cluster", "Namespaced"];
    private static readonly string[] ReviewVersions = ["v1", "v1beta1"];
    private static readonly string[] NoSideEffects = ["None", "NoneOnDryRun"];
    private static readonly string[] AllSideEffects = ["None", "NoneOnDryRun", "Some", "Unknown"];
    private const string UrlForm = "; desired format: https://host[/path]";

    /// <summary>The fields both webhook types share, in the order validateValidatingWebhook checks them.</summary>
    public sealed record Webhook(string? Name, IList<V1RuleWithOperations>? Rules, string? FailurePolicy, string? MatchPolicy, string? SideEffects,
        int? TimeoutSeconds, V1LabelSelector? NamespaceSelector, V1LabelSelector? ObjectSelector, string? ReinvocationPolicy,
        Admissionregistrationv1WebhookClientConfig? ClientConfig, IList<V1MatchCondition>? MatchConditions, IList<string>? AdmissionReviewVersions);

    /// <param name="PreexistingExpressions">
    /// The old object's matchCondition expressions, which an update keeps without compiling them again (upstream
    /// compiles them in its StoredExpressions environment; here, one stored before this server compiled them at all).
    /// </param>
    public sealed record Options(bool RequireNoSideEffects, bool RequireRecognizedVersion, bool RequireUniqueNames, IReadOnlySet<string> PreexistingExpressions)
    {
        public static readonly Options Create = new(true, true, true, new HashSet<string>());

        /// <summary>validationOptions for an update: each rule only as strict as the old object already was.</summary>
        public static Options ForUpdate(IReadOnlyList<Webhook> old) => new(
            old.All(w => w.SideEffects is "None" or "NoneOnDryRun"),
            old.All(w => w.AdmissionReviewVersions is not { Count: > 0 } versions || versions.Any(v => ReviewVersions.Contains(v))),
            old.Select(w => w.Name).Where(n => !string.IsNullOrEmpty(n)).Distinct().Count() == old.Count(w => !string.IsNullOrEmpty(w.Name)),
            old.SelectMany(w => w.MatchConditions ?? []).Select(c => c.Expression).OfType<string>().ToHashSet(StringComparer.Ordinal));
    }

    public static void Validate(IReadOnlyList<Webhook> webhooks, Options options, FieldErrors errors)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < webhooks.Count; i++)
        {
            var path = $"webhooks[{i}]";
            var hook = webhooks[i];
            ValidateWebhook(hook, path, options, errors);
            ValidateReviewVersions(hook.AdmissionReviewVersions, options.RequireRecognizedVersion, $"{path}.admissionReviewVersions", errors);
            if (options.RequireUniqueNames && !string.IsNullOrEmpty(hook.Name) && !names.Add(hook.Name))
            {
                errors.Duplicate($"{path}.name", hook.Name);
            }
        }
    }

    private static void ValidateWebhook(Webhook hook, string path, Options options, FieldErrors errors)
    {
        ValidateName(hook.Name ?? "", $"{path}.name", errors);
        var rules = hook.Rules ?? [];
        for (var j = 0; j < rules.Count; j++)
        {
            ValidateRule(rules[j], $"{path}.rules[{j}]", errors);
        }
        if (hook.FailurePolicy is { } failure && failure is not ("Fail" or "Ignore"))
        {
            errors.NotSupported($"{path}.failurePolicy", failure, "Fail", "Ignore");
        }
        if (hook.MatchPolicy is { } match && match is not ("Equivalent" or "Exact"))
        {
            errors.NotSupported($"{path}.matchPolicy", match, "Equivalent", "Exact");
        }
        var allowed = options.RequireNoSideEffects ? NoSideEffects : AllSideEffects;
        if (hook.SideEffects is null)
        {
            errors.Required($"{path}.sideEffects", $"must specify one of {string.Join(", ", allowed)}");
        }
        else if (!allowed.Contains(hook.SideEffects))
        {
            errors.NotSupported($"{path}.sideEffects", hook.SideEffects, allowed);
        }
        if (hook.TimeoutSeconds is { } timeout && timeout is > 30 or < 1)
        {
            errors.Invalid($"{path}.timeoutSeconds", timeout, "the timeout value must be between 1 and 30 seconds");
        }
        LabelSelectorValidation.Validate(hook.NamespaceSelector, $"{path}.namespaceSelector", errors, allowInvalidValues: false);
        LabelSelectorValidation.Validate(hook.ObjectSelector, $"{path}.objectSelector", errors, allowInvalidValues: false);
        if (hook.ReinvocationPolicy is { } reinvocation && reinvocation is not ("IfNeeded" or "Never"))
        {
            errors.NotSupported($"{path}.reinvocationPolicy", reinvocation, "IfNeeded", "Never");
        }
        ValidateClientConfig(hook.ClientConfig, $"{path}.clientConfig", errors);
        var conditions = hook.MatchConditions ?? [];
        ValidateMatchConditions(conditions, $"{path}.matchConditions", errors);
        for (var k = 0; k < conditions.Count; k++)
        {
            if (!string.IsNullOrWhiteSpace(conditions[k].Expression) && !options.PreexistingExpressions.Contains(conditions[k].Expression))
            {
                AdmissionPolicyValidation.Compile(conditions[k].Expression, $"{path}.matchConditions[{k}].expression", errors, AdmissionPolicyValidation.WebhookVariables);
            }
        }
    }

    /// <summary>utilvalidation.IsFullyQualifiedName.</summary>
    private static void ValidateName(string name, string path, FieldErrors errors)
    {
        if (name.Length == 0)
        {
            errors.Required(path);
            return;
        }
        var subdomain = ObjectMetaValidation.SubdomainErrors(name).ToList();
        if (subdomain.Count > 0)
        {
            errors.Invalid(path, name, string.Join(",", subdomain));
            return;
        }
        if (name.Split('.').Length < 3)
        {
            errors.Invalid(path, name, "should be a domain with at least three segments separated by dots");
        }
    }

    internal static void ValidateRule(V1RuleWithOperations rule, string path, FieldErrors errors)
    {
        var operations = WildcardList(rule.Operations, $"{path}.operations", "operations", errors);
        for (var k = 0; k < operations.Count; k++)
        {
            if (!Operations.Contains(operations[k]))
            {
                errors.NotSupported($"{path}.operations[{k}]", operations[k], Operations);
            }
        }
        WildcardList(rule.ApiGroups, $"{path}.apiGroups", "API groups", errors);
        var versions = WildcardList(rule.ApiVersions, $"{path}.apiVersions", "API versions", errors);
        for (var k = 0; k < versions.Count; k++)
        {
            if (versions[k].Length == 0)
            {
                errors.Required($"{path}.apiVersions[{k}]");
            }
        }
        ValidateResources(rule.Resources ?? [], $"{path}.resources", errors);
        if (rule.Scope is { } scope && !Scopes.Contains(scope))
        {
            errors.NotSupported($"{path}.scope", scope, Scopes);
        }
    }

    /// <summary>A rule's list that must not be empty and whose "*" must stand alone.</summary>
    private static IList<string> WildcardList(IList<string>? items, string path, string what, FieldErrors errors)
    {
        items ??= [];
        if (items.Count == 0)
        {
            errors.Required(path);
        }
        if (items.Count > 1 && items.Contains("*"))
        {
            errors.Invalid(path, GoSyntax.Strings(items), $"if '*' is present, must not specify other {what}");
        }
        return items;
    }

    /// <summary>validateResources, order quirk included: a later plain resource decides whether "*" stood beside one.</summary>
    private static void ValidateResources(IList<string> resources, string path, FieldErrors errors)
    {
        if (resources.Count == 0)
        {
            errors.Required(path);
        }
        var withSub = new HashSet<string>(StringComparer.Ordinal);
        var hasWithoutSub = false;
        var hasDoubleWildcard = false;
        var hasSingleWildcard = false;
        for (var i = 0; i < resources.Count; i++)
        {
            var entry = resources[i];
            if (entry.Length == 0)
            {
                errors.Required($"{path}[{i}]");
                continue;
            }
            if (entry == "*/*")
            {
                hasDoubleWildcard = true;
            }
            if (entry == "*")
            {
                hasSingleWildcard = true;
            }
            var parts = entry.Split('/', 2);
            if (parts.Length == 1)
            {
                hasWithoutSub = entry != "*";
                continue;
            }
            var (res, sub) = (parts[0], parts[1]);
            if (withSub.Contains(res + "/*"))
            {
                errors.Invalid($"{path}[{i}]", entry, $"if '{res}/*' is present, must not specify {entry}");
            }
            if (withSub.Contains("*/" + sub))
            {
                errors.Invalid($"{path}[{i}]", entry, $"if '*/{sub}' is present, must not specify {entry}");
            }
            withSub.Add(entry);
        }
        if (hasDoubleWildcard && resources.Count > 1)
        {
            errors.Invalid(path, GoSyntax.Strings(resources), "if '*/*' is present, must not specify other resources");
        }
        if (hasSingleWildcard && hasWithoutSub)
        {
            errors.Invalid(path, GoSyntax.Strings(resources), "if '*' is present, must not specify other resources without subresources");
        }
    }

    private static void ValidateClientConfig(Admissionregistrationv1WebhookClientConfig? config, string path, FieldErrors errors)
    {
        if ((config?.Url is null) == (config?.Service is null))
        {
            errors.Required(path, "exactly one of url or service is required");
            return;
        }
        if (config!.Url is { } url)
        {
            ValidateUrl(url, $"{path}.url", errors);
            return;
        }
        var service = config.Service!;
        // Upstream passes the name and namespace swapped into ValidateWebhookService, so each one's message names the other.
        if (string.IsNullOrEmpty(service.Name))
        {
            errors.Required($"{path}.service.namespace", "service namespace is required");
        }
        if (string.IsNullOrEmpty(service.NamespaceProperty))
        {
            errors.Required($"{path}.service.name", "service name is required");
        }
        if (NetValidation.PortNumberError(service.Port ?? 443) is { } portError)
        {
            errors.Invalid($"{path}.service.port", service.Port ?? 443, "port is not valid: " + portError);
        }
        ValidateServicePath(service.Path, $"{path}.service.path", errors);
    }

    private static void ValidateUrl(string url, string path, FieldErrors errors)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            errors.Required(path, "url must be a valid URL: parse " + Errors.GoSyntax.Quote(url) + ": invalid URI" + UrlForm);
            return;
        }
        if (uri.Scheme != "https")
        {
            errors.Invalid(path, uri.Scheme, "'https' is the only allowed URL scheme" + UrlForm);
        }
        if (uri.Host.Length == 0)
        {
            errors.Invalid(path, uri.Host, "host must be specified" + UrlForm);
        }
        if (uri.UserInfo.Length > 0)
        {
            errors.Invalid(path, uri.UserInfo, "user information is not permitted in the URL");
        }
        if (uri.Fragment.Length > 0)
        {
            errors.Invalid(path, uri.Fragment.TrimStart('#'), "fragments are not permitted in the URL");
        }
        if (uri.Query.Length > 0)
        {
            errors.Invalid(path, uri.Query.TrimStart('?'), "query parameters are not permitted in the URL");
        }
    }

    private static void ValidateServicePath(string? servicePath, string path, FieldErrors errors)
    {
        if (servicePath is null or "" or "/")
        {
            return;
        }
        if (servicePath == "//")
        {
            errors.Invalid(path, servicePath, "segment[0] may not be empty");
            return;
        }
        if (!servicePath.StartsWith('/'))
        {
            errors.Invalid(path, servicePath, "must start with a '/'");
            return;
        }
        var trimmed = servicePath[1..];
        if (trimmed.EndsWith('/'))
        {
            trimmed = trimmed[..^1];
        }
        var segments = trimmed.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i].Length == 0)
            {
                errors.Invalid(path, servicePath, $"segment[{i}] may not be empty");
                continue;
            }
            foreach (var failure in ObjectMetaValidation.SubdomainErrors(segments[i]))
            {
                errors.Invalid(path, servicePath, $"segment[{i}]: {failure}");
            }
        }
    }

    private static void ValidateReviewVersions(IList<string>? versions, bool requireRecognized, string path, FieldErrors errors)
    {
        if (versions is not { Count: > 0 })
        {
            errors.Required(path, $"must specify one of {string.Join(", ", ReviewVersions)}");
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var recognized = false;
        for (var k = 0; k < versions.Count; k++)
        {
            var version = versions[k];
            if (!seen.Add(version))
            {
                errors.Invalid($"{path}[{k}]", version, "duplicate version");
                continue;
            }
            if (ObjectMetaValidation.Dns1035LabelError(version) is { } labelError)
            {
                errors.Invalid($"{path}[{k}]", version, labelError);
            }
            recognized |= ReviewVersions.Contains(version);
        }
        if (requireRecognized && !recognized)
        {
            errors.Invalid(path, GoSyntax.Strings(versions), $"must include at least one of {string.Join(", ", ReviewVersions)}");
        }
    }

    /// <summary>The names, the count and the expressions' presence; each caller compiles the expressions it takes as new.</summary>
    internal static void ValidateMatchConditions(IList<V1MatchCondition> conditions, string path, FieldErrors errors)
    {
        if (conditions.Count > 64)
        {
            errors.TooMany(path, conditions.Count, 64);
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var k = 0; k < conditions.Count; k++)
        {
            var condition = conditions[k];
            if (string.IsNullOrWhiteSpace(condition.Expression))
            {
                errors.Required($"{path}[{k}].expression");
            }
            if (string.IsNullOrEmpty(condition.Name))
            {
                errors.Required($"{path}[{k}].name");
                continue;
            }
            ObjectMetaValidation.QualifiedName(errors, $"{path}[{k}].name", condition.Name);
            if (!names.Add(condition.Name))
            {
                errors.Duplicate($"{path}[{k}].name", condition.Name);
            }
        }
    }
}
