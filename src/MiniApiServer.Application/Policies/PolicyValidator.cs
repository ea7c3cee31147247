using System.Text.Json.Nodes;
using MiniApiServer.Application.Webhooks.Cel;

namespace MiniApiServer.Application.Policies;

/// <summary>
/// validating/validator.go Validate for one policy, one binding and one param: the match conditions, then every
/// validation, then the audit annotations' expressions. Pure: the request, the objects, the param and the namespace
/// are given as CEL sees them.
/// </summary>
internal static class PolicyValidator
{
    public sealed record Input(JsonObject Request, object? Object, object? OldObject, object? Params, object? NamespaceObject, CelAuthorizer? Authorizer = null);

    private const int MaxMessageExpressionLength = 5 * 1024;

    /// <param name="annotations">Receives each audit annotation's string value by its key (a null value publishes nothing).</param>
    public static IReadOnlyList<PolicyDecision> Validate(CompiledPolicy policy, Input input, List<(string Key, string Value)>? annotations = null)
    {
        var variables = new PolicyVariables(policy.Variables);
        var scope = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["object"] = input.Object,
            ["oldObject"] = input.OldObject,
            ["request"] = input.Request,
            ["params"] = input.Params,
            ["namespaceObject"] = input.NamespaceObject,
            ["variables"] = variables,
            ["authorizer"] = input.Authorizer,
        };
        variables.Scope = scope;
        if (MatchConditionsError(policy, scope, out var matches) is { } conditionError)
        {
            return [ForError(policy, conditionError)];
        }
        if (!matches)
        {
            return [];
        }
        var decisions = new List<PolicyDecision>(policy.Validations.Count);
        for (var index = 0; index < policy.Validations.Count; index++)
        {
            var validation = policy.Validations[index];
            object? result;
            try
            {
                result = validation.Program.Evaluate(scope);
            }
            catch (CelException ex)
            {
                decisions.Add(ForError(policy, $"expression '{validation.Expression}' resulted in error: {ex.Message}") with { ExpressionIndex = index });
                continue;
            }
            decisions.Add(result is true
                ? new PolicyDecision(false, false, "")
                : new PolicyDecision(true, false, Message(validation, scope), validation.Reason) { ExpressionIndex = index });
        }
        foreach (var (key, expression, program) in policy.AuditAnnotations)
        {
            // A string value is published; an evaluation error refuses under Fail, and a value neither string nor null
            // under either policy.
            try
            {
                var value = program.Evaluate(scope);
                if (value is string text)
                {
                    annotations?.Add((key, text));
                }
                else if (value is not null)
                {
                    decisions.Add(new PolicyDecision(true, true,
                        $"valueExpression '{expression}' resulted in unsupported return type: {CelValues.TypeName(value)}. Return type must be either string or null.",
                        AuditAnnotation: true));
                }
            }
            catch (CelException ex) when (!policy.IgnoresFailures)
            {
                decisions.Add(new PolicyDecision(true, true, $"expression '{expression}' resulted in error: {ex.Message}", AuditAnnotation: true));
            }
            catch (CelException)
            {
                // auditAnnotationEvaluationForError: excluded under Ignore.
            }
        }
        return decisions;
    }

    /// <summary>
    /// matchconditions/matcher.go: a condition that is false skips the policy whatever the others did; otherwise the
    /// errors, one as it is and several as utilerrors' aggregate prints them.
    /// </summary>
    private static string? MatchConditionsError(CompiledPolicy policy, Dictionary<string, object?> scope, out bool matches)
    {
        matches = true;
        var errors = new List<string>();
        foreach (var (expression, program) in policy.MatchConditions)
        {
            try
            {
                // A value that is not false (type checking makes it a bool upstream) lets the policy through.
                if (program.Evaluate(scope) is false)
                {
                    matches = false;
                    return null;
                }
            }
            catch (CelException ex)
            {
                errors.Add($"expression '{expression}' resulted in error: {ex.Message}");
            }
        }
        return errors.Count switch
        {
            0 => null,
            1 => errors[0],
            _ => $"[{string.Join(", ", errors)}]",
        };
    }

    /// <summary>The failure policy's decision on an evaluation error: a refusal under Fail, nothing under Ignore.</summary>
    private static PolicyDecision ForError(CompiledPolicy policy, string message) => new(!policy.IgnoresFailures, true, message);

    /// <summary>
    /// The messageExpression's string when it gives one that is short, one line and not blank; else the message; else
    /// "failed expression: " and the expression.
    /// </summary>
    private static string Message(CompiledValidation validation, Dictionary<string, object?> scope)
    {
        if (validation.MessageProgram is { } messageProgram)
        {
            try
            {
                if (messageProgram.Evaluate(scope) is string text && text.Trim() is { Length: > 0 and <= MaxMessageExpressionLength } trimmed && !trimmed.Contains('\n'))
                {
                    return trimmed;
                }
            }
            catch (CelException)
            {
                // validator.go logs it at V(2) and falls back to the message.
            }
        }
        var message = validation.Message.Trim();
        return message.Length > 0 ? message : $"failed expression: {validation.Expression.Trim()}";
    }
}
