using System.Collections.Frozen;
using System.Text.RegularExpressions;
using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Webhooks.Cel;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/apis/admissionregistration/validation/validation.go for ValidatingAdmissionPolicy and its binding, in its order
/// and words. CEL expressions are compiled by this server's evaluator: one it cannot compile is refused here, as
/// upstream refuses one cel-go cannot, rather than failing every write it would check.
/// </summary>
public static partial class AdmissionPolicyValidation
{
    private static readonly string[] FailurePolicies = ["Fail", "Ignore"];
    private static readonly string[] MatchPolicies = ["Equivalent", "Exact"];
    private static readonly string[] Reasons = ["Forbidden", "Invalid", "RequestEntityTooLarge", "Unauthorized"];
    private static readonly string[] Actions = ["Audit", "Deny", "Warn"];
    private static readonly string[] NotFoundActions = ["Deny", "Allow"];
    private static readonly HashSet<string> Reserved = ["true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if",
        "import", "let", "loop", "package", "namespace", "return", "var", "void", "while"];
    private const int MaxAuditAnnotations = 20;
    private const int MaxAuditAnnotationValueExpressionLength = 5 * 1024;

    public static void ValidatePolicySpec(string name, V1ValidatingAdmissionPolicySpec? spec, FieldErrors errors)
    {
        spec ??= new V1ValidatingAdmissionPolicySpec();
        if (spec.FailurePolicy is null)
        {
            errors.Required("spec.failurePolicy");
        }
        else if (!FailurePolicies.Contains(spec.FailurePolicy))
        {
            errors.NotSupported("spec.failurePolicy", spec.FailurePolicy, FailurePolicies);
        }
        if (spec.ParamKind is { } paramKind)
        {
            ValidateParamKind(paramKind, errors);
        }
        if (spec.MatchConstraints is null)
        {
            errors.Required("spec.matchConstraints");
        }
        else
        {
            ValidateMatchResources(spec.MatchConstraints, "spec.matchConstraints", errors);
            // At least one rule, so that the policy's expressions have a type to be checked against.
            if ((spec.MatchConstraints.ResourceRules?.Count ?? 0) == 0)
            {
                errors.Required("spec.matchConstraints.resourceRules");
            }
        }
        var conditions = spec.MatchConditions ?? [];
        WebhookValidation.ValidateMatchConditions(conditions, "spec.matchConditions", errors);
        for (var i = 0; i < conditions.Count; i++)
        {
            Compile(conditions[i].Expression, $"spec.matchConditions[{i}].expression", errors);
        }
        var variables = spec.Variables ?? [];
        for (var i = 0; i < variables.Count; i++)
        {
            ValidateVariable(variables[i], $"spec.variables[{i}]", errors);
        }
        var validations = spec.Validations ?? [];
        var annotations = spec.AuditAnnotations ?? [];
        if (validations.Count == 0 && annotations.Count == 0)
        {
            errors.Required("spec.validations", "validations or auditAnnotations must contain at least one item");
            errors.Required("spec.auditAnnotations", "validations or auditAnnotations must contain at least one item");
            return;
        }
        for (var i = 0; i < validations.Count; i++)
        {
            ValidateValidation(validations[i], $"spec.validations[{i}]", errors);
        }
        if (annotations.Count > MaxAuditAnnotations)
        {
            errors.Invalid("spec.auditAnnotations", $"{annotations.Count} items", $"must not have more than {MaxAuditAnnotations} auditAnnotations");
        }
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < annotations.Count; i++)
        {
            ValidateAuditAnnotation(name, annotations[i], $"spec.auditAnnotations[{i}]", errors);
            if (!keys.Add(annotations[i].Key ?? ""))
            {
                errors.Duplicate($"spec.auditAnnotations[{i}].key", annotations[i].Key);
            }
        }
    }

    public static void ValidateBindingSpec(V1ValidatingAdmissionPolicyBindingSpec? spec, FieldErrors errors)
    {
        spec ??= new V1ValidatingAdmissionPolicyBindingSpec();
        if (string.IsNullOrEmpty(spec.PolicyName))
        {
            errors.Required("spec.policyName");
        }
        else
        {
            foreach (var error in ObjectMetaValidation.SubdomainErrors(spec.PolicyName))
            {
                errors.Invalid("spec.policyName", spec.PolicyName, error);
            }
        }
        if (spec.ParamRef is { } paramRef)
        {
            ValidateParamRef(paramRef, errors);
        }
        if (spec.MatchResources is { } match)
        {
            ValidateMatchResources(match, "spec.matchResources", errors);
        }
        ValidateValidationActions(spec.ValidationActions ?? [], errors);
    }

    private static void ValidateParamKind(V1ParamKind kind, FieldErrors errors)
    {
        var apiVersion = kind.ApiVersion ?? "";
        if (apiVersion.Length == 0)
        {
            errors.Required("spec.paramKind.apiVersion");
        }
        else if (apiVersion != "/" && apiVersion.Count(c => c == '/') > 1)
        {
            errors.Invalid("spec.paramKind.apiVersion", apiVersion, $"unexpected GroupVersion string: {apiVersion}");
        }
        else
        {
            var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
            var (group, version) = apiVersion == "/" ? ("", "") : slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
            if (group.Length > 0 && ObjectMetaValidation.SubdomainErrors(group).ToList() is { Count: > 0 } groupErrors)
            {
                errors.Invalid("spec.paramKind.apiVersion", group, string.Join(",", groupErrors));
            }
            if (version.Length == 0)
            {
                errors.Invalid("spec.paramKind.apiVersion", apiVersion, "version must be specified");
            }
            else if (ObjectMetaValidation.Dns1035LabelError(version) is { } versionError)
            {
                errors.Invalid("spec.paramKind.apiVersion", version, versionError);
            }
        }
        if (string.IsNullOrEmpty(kind.Kind))
        {
            errors.Required("spec.paramKind.kind");
        }
        else if (ObjectMetaValidation.Dns1035LabelError(kind.Kind.ToLowerInvariant()) is { } kindError)
        {
            errors.Invalid("spec.paramKind.kind", kind.Kind, "may have mixed case, but should otherwise match: " + kindError);
        }
    }

    private static void ValidateMatchResources(V1MatchResources match, string path, FieldErrors errors)
    {
        if (match.MatchPolicy is null)
        {
            errors.Required($"{path}.matchPolicy");
        }
        else if (!MatchPolicies.Contains(match.MatchPolicy))
        {
            errors.NotSupported($"{path}.matchPolicy", match.MatchPolicy, MatchPolicies);
        }
        // Strict: these types came after the selector-value leniency of issue #99139 was needed.
        if (match.NamespaceSelector is null)
        {
            errors.Required($"{path}.namespaceSelector");
        }
        else
        {
            LabelSelectorValidation.Validate(match.NamespaceSelector, $"{path}.namespaceSelector", errors, allowInvalidValues: false);
        }
        if (match.ObjectSelector is null)
        {
            errors.Required($"{path}.objectSelector");
        }
        else
        {
            LabelSelectorValidation.Validate(match.ObjectSelector, $"{path}.objectSelector", errors, allowInvalidValues: false);
        }
        ValidateNamedRules(match.ResourceRules, $"{path}.resourceRules", errors);
        ValidateNamedRules(match.ExcludeResourceRules, $"{path}.excludeResourceRules", errors);
    }

    private static void ValidateNamedRules(IList<V1NamedRuleWithOperations>? rules, string path, FieldErrors errors)
    {
        for (var i = 0; i < (rules?.Count ?? 0); i++)
        {
            var rule = rules![i];
            var names = new HashSet<string>(StringComparer.Ordinal);
            var resourceNames = rule.ResourceNames ?? [];
            for (var k = 0; k < resourceNames.Count; k++)
            {
                if (ObjectMetaValidation.PathSegmentNameError(resourceNames[k]) is { } error)
                {
                    errors.Invalid($"{path}[{i}].resourceNames[{k}]", resourceNames[k], error);
                }
                if (!names.Add(resourceNames[k]))
                {
                    errors.Duplicate($"{path}[{i}].resourceNames[{k}]", resourceNames[k]);
                }
            }
            WebhookValidation.ValidateRule(AsRule(rule), $"{path}[{i}]", errors);
        }
    }

    public static V1RuleWithOperations AsRule(V1NamedRuleWithOperations rule) =>
        new() { ApiGroups = rule.ApiGroups, ApiVersions = rule.ApiVersions, Operations = rule.Operations, Resources = rule.Resources, Scope = rule.Scope };

    private static void ValidateVariable(V1Variable variable, string path, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(variable.Name))
        {
            errors.Required($"{path}.name", "name is not specified");
        }
        else if (!CelIdentifier().IsMatch(variable.Name) || Reserved.Contains(variable.Name))
        {
            errors.Invalid($"{path}.name", variable.Name, "name is not a valid CEL identifier");
        }
        if (string.IsNullOrWhiteSpace(variable.Expression))
        {
            errors.Required($"{path}.expression", "expression is not specified");
        }
        else
        {
            Compile(variable.Expression, $"{path}.expression", errors);
        }
    }

    private static void ValidateValidation(V1Validation validation, string path, FieldErrors errors)
    {
        var message = validation.Message ?? "";
        var messageExpression = validation.MessageExpression ?? "";
        if (string.IsNullOrWhiteSpace(validation.Expression))
        {
            errors.Required($"{path}.expression", "expression is not specified");
        }
        else
        {
            Compile(validation.Expression, $"{path}.expression", errors);
        }
        if (messageExpression.Length > 0 && messageExpression.Trim().Length == 0)
        {
            errors.Invalid($"{path}.messageExpression", messageExpression, "must be non-empty if specified");
        }
        else if (messageExpression.Trim().Length > 0)
        {
            Compile(messageExpression, $"{path}.messageExpression", errors);
        }
        if (message.Length > 0 && message.Trim().Length == 0)
        {
            errors.Invalid($"{path}.message", message, "message must be non-empty if specified");
        }
        else if (message.Trim().AsSpan().IndexOfAny('\n', '\r') >= 0)
        {
            errors.Invalid($"{path}.message", message, "message must not contain line breaks");
        }
        if (validation.Reason is { } reason && !Reasons.Contains(reason))
        {
            errors.NotSupported($"{path}.reason", reason, Reasons);
        }
    }

    private static void ValidateAuditAnnotation(string policyName, V1AuditAnnotation annotation, string path, FieldErrors errors)
    {
        if (policyName.Length > 0)
        {
            ObjectMetaValidation.QualifiedName(errors, $"{path}.key", policyName + "/" + annotation.Key);
        }
        else
        {
            errors.Invalid($"{path}.key", annotation.Key, "requires metadata.name be non-empty");
        }
        var value = (annotation.ValueExpression ?? "").Trim();
        if (value.Length == 0)
        {
            errors.Required($"{path}.valueExpression", "valueExpression is not specified");
        }
        else if (value.Length > MaxAuditAnnotationValueExpressionLength)
        {
            errors.Required($"{path}.valueExpression", $"must not exceed {MaxAuditAnnotationValueExpressionLength} bytes in length");
        }
        else
        {
            Compile(annotation.ValueExpression, $"{path}.valueExpression", errors);
        }
    }

    private static void ValidateParamRef(V1ParamRef paramRef, FieldErrors errors)
    {
        var name = paramRef.Name ?? "";
        if (name.Length > 0)
        {
            if (ObjectMetaValidation.PathSegmentNameError(name) is { } error)
            {
                errors.Invalid("spec.paramRef.name", name, error);
            }
            if (paramRef.Selector is not null)
            {
                errors.Forbidden("spec.paramRef.name", "name and selector are mutually exclusive");
            }
        }
        if (paramRef.Selector is { } selector)
        {
            LabelSelectorValidation.Validate(selector, "spec.paramRef.selector", errors, allowInvalidValues: false);
            if (name.Length > 0)
            {
                errors.Forbidden("spec.paramRef.selector", "name and selector are mutually exclusive");
            }
        }
        if (name.Length == 0 && paramRef.Selector is null)
        {
            errors.Required("spec.paramRef", "one of name or selector must be specified");
        }
        if (string.IsNullOrEmpty(paramRef.ParameterNotFoundAction))
        {
            errors.Required("spec.paramRef.parameterNotFoundAction");
        }
        else if (!NotFoundActions.Contains(paramRef.ParameterNotFoundAction))
        {
            errors.NotSupported("spec.paramRef.parameterNotFoundAction", paramRef.ParameterNotFoundAction, NotFoundActions);
        }
    }

    private static void ValidateValidationActions(IList<string> actions, FieldErrors errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < actions.Count; i++)
        {
            if (!Actions.Contains(actions[i]))
            {
                errors.NotSupported($"spec.validationActions[{i}]", actions[i], Actions);
            }
            if (!seen.Add(actions[i]))
            {
                errors.Duplicate($"spec.validationActions[{i}]", actions[i]);
            }
        }
        if (seen.Contains("Deny") && seen.Contains("Warn"))
        {
            errors.Invalid("spec.validationActions", GoSyntax.Strings(actions),
                "must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)");
        }
        if (seen.Count == 0)
        {
            errors.Required("spec.validationActions", "at least one validation action is required");
        }
    }

    /// <summary>What a policy's expressions may name (validatingadmissionpolicy/compiler.go with params and the authorizer).</summary>
    internal static readonly IReadOnlySet<string> PolicyVariables = FrozenSet.Create(StringComparer.Ordinal,
        "object", "oldObject", "request", "params", "namespaceObject", "authorizer", "variables");

    /// <summary>What a webhook's matchConditions may name (matchconditions: no params, no namespaceObject, no variables).</summary>
    internal static readonly IReadOnlySet<string> WebhookVariables = FrozenSet.Create(StringComparer.Ordinal, "object", "oldObject", "request", "authorizer");

    /// <summary>convertCELErrorToValidationError for an expression that does not compile: Invalid, with the compiler's words.</summary>
    internal static void Compile(string? expression, string path, FieldErrors errors, IReadOnlySet<string>? declared = null)
    {
        try
        {
            CelProgram.Compile(expression ?? "", declared ?? PolicyVariables);
        }
        catch (CelException ex)
        {
            errors.Invalid(path, expression, "compilation failed: " + ex.Message);
        }
    }

    [GeneratedRegex("^[_a-zA-Z][_a-zA-Z0-9]*$")]
    private static partial Regex CelIdentifier();
}
