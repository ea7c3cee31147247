using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Application.Webhooks;
using MiniApiServer.Application.Webhooks.Cel;
using MiniApiServer.Storage;

namespace MiniApiServer.Application.Policies;

/// <summary>
/// The ValidatingAdmissionPolicy plugin (admission/plugin/policy/validating): for each write, every policy with a
/// binding whose constraints match, in name order, evaluated per binding and per param; the first Deny refuses the
/// write with dispatcher.go's message and the validation's reason, Warn adds a warning, Audit is taken as done (the
/// audit log carries no annotations). Runs before the validating webhooks, as the plugin order has it. Policies and
/// bindings are read from this replica's cache and compiled again only when either changes.
/// </summary>
public sealed class ValidatingAdmissionPolicies
{
    private const string PoliciesKey = "validatingadmissionpolicies.admissionregistration.k8s.io";
    private const string BindingsKey = "validatingadmissionpolicybindings.admissionregistration.k8s.io";

    private readonly ObjectStore _store;
    private readonly ResourceRegistry _registry;
    private readonly ILogger _logger;
    private volatile PolicySet _set = PolicySet.Empty;

    public ValidatingAdmissionPolicies(ObjectStore store, ResourceRegistry registry, ILogger logger)
    {
        _store = store;
        _registry = registry;
        _logger = logger;
        store.Cache.TrackChanges(PoliciesKey);
        store.Cache.TrackChanges(BindingsKey);
    }

    /// <summary>
    /// Counts each refusal and warning (validating/metrics/metrics.go's check_total): (policy, binding, error_type
    /// no_error or invalid_error, enforcement_action deny or warn).
    /// </summary>
    public Action<string, string, string, string>? Checked { get; set; }

    /// <summary>The server's authorizer, as the `authorizer` variable asks it.</summary>
    public Func<AdmissionUser, CelAccessCheck, CelDecision>? Authorize { get; set; }

    /// <summary>Whether some bound policy's rules name this operation: without a binding, two lock-free reads.</summary>
    public bool Intercepts(ResourceType type, string operation, string? subresource) =>
        !WebhookMatching.IsExempt(type.Group, type.Kind) && Current().Names(type, operation, subresource ?? "");

    public void Validate(AdmissionAttributes attrs, List<string> warnings)
    {
        if (WebhookMatching.IsExempt(attrs.Type.Group, attrs.Type.Kind))
        {
            return;
        }
        var set = Current();
        if (set.Policies.Count == 0)
        {
            return;
        }
        // The request's namespace is read once, for the selectors' labels and for `namespaceObject` alike.
        JsonObject? ns = null;
        var namespaceRead = false;
        JsonObject? Namespace()
        {
            if (!namespaceRead)
            {
                (ns, namespaceRead) = (NamespaceObject(attrs.Namespace), true);
            }
            return ns;
        }
        IReadOnlyDictionary<string, string>? labels = null;
        IReadOnlyDictionary<string, string> NamespaceLabels() => labels ??= WebhookMatching.LabelsOf(Namespace());
        // None for a cluster-scoped write or a Namespace's own (dispatcher.go unsets it for a Namespace).
        var inNamespace = attrs.Namespace.Length > 0 && !(attrs.Type.Group.Length == 0 && attrs.Type.Plural == "namespaces");
        JsonObject? request = null;
        CelAuthorizer? authorizer = null;
        Denial? denial = null;
        foreach (var policy in set.Policies)
        {
            if (policy.Spec.MatchConstraints is not { } constraints || !PolicyMatching.Matches(constraints, attrs, NamespaceLabels))
            {
                continue;
            }
            var paramType = policy.Spec.ParamKind is { } paramKind ? PolicyParams.Resolve(_registry, paramKind) : null;
            var configurationError = policy.ConfigurationError
                ?? (policy.Spec.ParamKind is { } kind && paramType is null ? $"failed to find resource referenced by paramKind: '{PolicyParams.GvkString(kind)}'" : null);
            if (configurationError is not null)
            {
                ConfigurationFailure(policy, null, "failed to configure policy: " + configurationError, ref denial);
                continue;
            }
            // Only while the audit filter records this request: otherwise the values have nowhere to go.
            var annotations = Admission.AuditAnnotations.Recording ? new List<(string Key, string Value)>() : null;
            foreach (var binding in policy.Bindings)
            {
                if (binding.Spec?.MatchResources is { } bindingMatch && !PolicyMatching.Matches(bindingMatch, attrs, NamespaceLabels))
                {
                    continue;
                }
                IReadOnlyList<object?> parameters;
                try
                {
                    parameters = PolicyParams.Collect(_store, paramType, binding.Spec?.ParamRef, attrs.Namespace);
                }
                catch (PolicyParams.ConfigurationException ex)
                {
                    ConfigurationFailure(policy, binding, "failed to configure binding: " + ex.Message, ref denial);
                    continue;
                }
                request ??= AdmissionReviews.Request("", "v1", attrs)["request"]!.AsObject();
                var namespaceObject = inNamespace ? Namespace() : null;
                authorizer ??= CelAuthorizer.For(attrs, Authorize);
                foreach (var param in parameters)
                {
                    var input = new PolicyValidator.Input(request, CelConvert.FromJson(attrs.Object), CelConvert.FromJson(attrs.OldObject), param, namespaceObject, authorizer);
                    foreach (var decision in PolicyValidator.Validate(policy, input, annotations))
                    {
                        Act(policy, binding, decision, warnings, ref denial);
                    }
                }
            }
            PublishAnnotations(policy.Name, annotations);
        }
        if (denial is { } refused)
        {
            throw refused.ToException(attrs);
        }
    }

    private void Act(CompiledPolicy policy, V1ValidatingAdmissionPolicyBinding binding, PolicyDecision decision, List<string> warnings, ref Denial? denial)
    {
        if (!decision.Deny)
        {
            if (decision.EvaluationError)
            {
                _logger.LogWarning("ValidatingAdmissionPolicy {Policy} with binding {Binding} failed open: {Error}", policy.Name, binding.Metadata?.Name, decision.Message);
            }
            return;
        }
        var bindingName = binding.Metadata?.Name ?? "";
        if (decision.AuditAnnotation)
        {
            Checked?.Invoke(policy.Name, bindingName, "invalid_error", "deny");
            denial ??= new Denial($"ValidatingAdmissionPolicy '{policy.Name}' with binding '{bindingName}' denied request: {decision.Message}", decision.Reason);
            return;
        }
        foreach (var action in binding.Spec?.ValidationActions ?? [])
        {
            switch (action)
            {
                case "Deny":
                    Checked?.Invoke(policy.Name, bindingName, decision.EvaluationError ? "invalid_error" : "no_error", "deny");
                    denial ??= new Denial($"ValidatingAdmissionPolicy '{policy.Name}' with binding '{bindingName}' denied request: {decision.Message}", decision.Reason);
                    break;
                case "Audit":
                    Checked?.Invoke(policy.Name, bindingName, decision.EvaluationError ? "invalid_error" : "no_error", "audit");
                    PublishValidationFailure(binding, decision);
                    break;
                case "Warn":
                    Checked?.Invoke(policy.Name, bindingName, decision.EvaluationError ? "invalid_error" : "no_error", "warn");
                    var warning = $"Validation failed for ValidatingAdmissionPolicy '{policy.Name}' with binding '{bindingName}': {decision.Message}";
                    if (!warnings.Contains(warning))
                    {
                        warnings.Add(warning);
                    }
                    break;
            }
        }
    }

    /// <summary>
    /// dispatcher.go auditAnnotationCollector.publish: each key as POLICY/KEY, the distinct values of its bindings sorted
    /// (sets.List) and joined by ", ".
    /// </summary>
    private static void PublishAnnotations(string policyName, List<(string Key, string Value)>? annotations)
    {
        foreach (var group in (annotations ?? []).GroupBy(a => a.Key))
        {
            Admission.AuditAnnotations.Add($"{policyName}/{group.Key}", string.Join(", ", group.Select(a => a.Value).Distinct().Order(StringComparer.Ordinal)));
        }
    }

    /// <summary>dispatcher.go publishValidationFailureAnnotation: the failure as a one-element JSON list, in ValidationFailureValue's field order.</summary>
    private static void PublishValidationFailure(V1ValidatingAdmissionPolicyBinding binding, PolicyDecision decision)
    {
        var failure = new JsonObject
        {
            ["message"] = decision.Message,
            ["policy"] = binding.Spec?.PolicyName,
            ["binding"] = binding.Metadata?.Name,
            ["expressionIndex"] = decision.ExpressionIndex,
            ["validationActions"] = new JsonArray([.. (binding.Spec?.ValidationActions ?? []).Select(a => (JsonNode?)a)]),
        };
        // Go's json.Marshal escapes only <, > and & (as \u003c, \u003e, \u0026) and keeps other text as it is; the
        // characters can only be inside string values here, so replacing them in the output is exact.
        var json = new JsonArray(failure).ToJsonString(CompactJson).Replace("<", "\\u003c", StringComparison.Ordinal)
            .Replace(">", "\\u003e", StringComparison.Ordinal).Replace("&", "\\u0026", StringComparison.Ordinal);
        Admission.AuditAnnotations.Add("validation.policy.admission.k8s.io/validation_failure", json);
    }

    private static readonly System.Text.Json.JsonSerializerOptions CompactJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>dispatcher.go addConfigError: nothing under Ignore, a refusal under Fail.</summary>
    private void ConfigurationFailure(CompiledPolicy policy, V1ValidatingAdmissionPolicyBinding? binding, string message, ref Denial? denial)
    {
        if (policy.IgnoresFailures)
        {
            _logger.LogWarning("ValidatingAdmissionPolicy {Policy} ignored: {Error}", policy.Name, message);
            return;
        }
        _logger.LogError("ValidatingAdmissionPolicy {Policy} refused a write: {Error}", policy.Name, message);
        Checked?.Invoke(policy.Name, binding?.Metadata?.Name ?? "", "invalid_error", "deny");
        denial ??= binding is null
            ? new Denial($"ValidatingAdmissionPolicy '{policy.Name}' denied request: {message}", "Invalid")
            : new Denial($"ValidatingAdmissionPolicy '{policy.Name}' with binding '{binding.Metadata?.Name}' denied request: {message}", "Invalid");
    }

    /// <summary>
    /// A namespace as `namespaceObject` sees it: cel.CreateNamespaceObject's copy, its spec, status and the metadata
    /// fields it keeps (labels among them), without type meta, owners or managedFields.
    /// </summary>
    private JsonObject? NamespaceObject(string name)
    {
        if (name.Length == 0 || _store.Cache.Get(_registry.Namespaces.StorageKey, "", name) is not { } stored)
        {
            return null;
        }
        var ns = ResourceService.Parse(stored);
        ns.Remove("apiVersion");
        ns.Remove("kind");
        if (ns["metadata"] is JsonObject meta)
        {
            meta.Remove("managedFields");
            meta.Remove("ownerReferences");
        }
        return ns;
    }

    private PolicySet Current()
    {
        // Read before listing: a change after these reads is seen by the next call, never hidden under this stamp.
        var stamp = (_store.Cache.ChangesOf(PoliciesKey), _store.Cache.ChangesOf(BindingsKey));
        var set = _set;
        if (set.Stamp == stamp)
        {
            return set;
        }
        var bindings = _store.Cache.List(BindingsKey, null).Items.Select(ModelCodec.DecodeShared<V1ValidatingAdmissionPolicyBinding>)
            .GroupBy(b => b.Spec?.PolicyName ?? "", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<V1ValidatingAdmissionPolicyBinding>)[.. g], StringComparer.Ordinal);
        // Only a policy something binds is ever evaluated; the cache lists cluster-scoped objects in name order.
        var policies = _store.Cache.List(PoliciesKey, null).Items.Select(ModelCodec.DecodeShared<V1ValidatingAdmissionPolicy>)
            .Where(p => bindings.ContainsKey(p.Metadata?.Name ?? ""))
            .Select(p => CompiledPolicy.Compile(p, bindings[p.Metadata.Name]))
            .ToList();
        foreach (var policy in policies.Where(p => p.ConfigurationError is not null))
        {
            _logger.LogError("ValidatingAdmissionPolicy {Policy}: {Error}", policy.Name, policy.ConfigurationError);
        }
        set = new PolicySet(stamp, policies);
        _set = set;
        return set;
    }

    private readonly record struct Denial(string Message, string Reason)
    {
        /// <summary>
        /// admission.NewForbidden's message ("resource \"name\" is forbidden: ...") with the validation's reason and its
        /// code (reasonToCode: Invalid and anything else 422), and the policy's own words as the one cause.
        /// </summary>
        public ApiException ToException(AdmissionAttributes attrs)
        {
            var name = NameOf(attrs);
            var message = $"{attrs.Type.GroupResource} \"{name}\" is forbidden: {Message}";
            var code = Reason switch
            {
                "Forbidden" => 403,
                "Unauthorized" => 401,
                "RequestEntityTooLarge" => 413,
                _ => 422,
            };
            return new ApiException(code, Reason, message)
            {
                Details = new StatusDetails(name, attrs.Type.Group, attrs.Type.Plural, [new StatusCause("", Message, "")]),
            };
        }
    }

    /// <summary>
    /// admission.extractResourceName: the request's name, else (a create not yet named) the object's name or its
    /// generateName, else "Unknown".
    /// </summary>
    private static string NameOf(AdmissionAttributes attrs)
    {
        if (attrs.Name.Length > 0)
        {
            return attrs.Name;
        }
        var meta = attrs.Object?["metadata"] as JsonObject;
        return meta?["name"]?.ToString() is { Length: > 0 } name ? name
            : meta?["generateName"]?.ToString() is { Length: > 0 } generateName ? generateName
            : "Unknown";
    }

    private sealed class PolicySet((long, long) stamp, IReadOnlyList<CompiledPolicy> policies)
    {
        private readonly ConcurrentDictionary<(ResourceType Type, string Operation, string Subresource), bool> _names = new();

        public static readonly PolicySet Empty = new((0, 0), []);

        public (long, long) Stamp { get; } = stamp;

        public IReadOnlyList<CompiledPolicy> Policies { get; } = policies;

        public bool Names(ResourceType type, string operation, string subresource) =>
            Policies.Count > 0 && _names.GetOrAdd((type, operation, subresource), key =>
                Policies.Any(p => PolicyMatching.Names(p.Spec.MatchConstraints, key.Operation, key.Type, key.Subresource)));
    }
}
