using System.Text.Json.Nodes;
using MiniApiServer.Application.CustomResources;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// A CRD's `x-kubernetes-validations` checked when the CRD is written (apiextensions validation.go
/// ValidateCustomResourceDefinitionOpenAPISchema): a rule is required, the reason is one of four, and a rule or
/// messageExpression that does not compile refuses the CRD, with the rule printed as Go's %#v prints it.
/// </summary>
internal static class ValidationRuleCompilation
{
    private static readonly string[] Reasons = ["FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"];

    public static void Validate(JsonArray rules, string path, FieldErrors errors)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            if (rules[i] is not JsonObject rule)
            {
                continue;
            }
            var at = $"{path}[{i}]";
            var text = ObjectMeta.Str(rule, "rule") ?? "";
            if (text.Trim().Length == 0)
            {
                errors.Required($"{at}.rule");
                continue;
            }
            if (ObjectMeta.Str(rule, "reason") is { } reason && !Reasons.Contains(reason))
            {
                errors.NotSupported($"{at}.reason", reason, Reasons);
            }
            if (ObjectMeta.Str(rule, "message") is { } message && message.Contains('\n'))
            {
                errors.Invalid($"{at}.message", message, "message must not contain line breaks");
            }
            if (CompiledRule.Of(text, ObjectMeta.Str(rule, "messageExpression")).Error is { } error)
            {
                var field = error.StartsWith("messageExpression", StringComparison.Ordinal) ? "messageExpression" : "rule";
                errors.Invalid($"{at}.{field}", GoValue(rule), error);
            }
        }
    }

    private static GoRawValue GoValue(JsonObject rule)
    {
        static string Quoted(JsonObject rule, string name) => GoSyntax.Quote(ObjectMeta.Str(rule, name) ?? "");
        var reason = ObjectMeta.Str(rule, "reason") is { } r ? $"(*apiextensions.FieldValueErrorReason)({GoSyntax.Quote(r)})" : "(*apiextensions.FieldValueErrorReason)(nil)";
        var optional = rule["optionalOldSelf"] is JsonValue v && v.TryGetValue<bool>(out var b) ? $"(*bool)({(b ? "true" : "false")})" : "(*bool)(nil)";
        return new GoRawValue($"apiextensions.ValidationRule{{Rule:{Quoted(rule, "rule")}, Message:{Quoted(rule, "message")}, MessageExpression:{Quoted(rule, "messageExpression")}, Reason:{reason}, FieldPath:{Quoted(rule, "fieldPath")}, OptionalOldSelf:{optional}}}");
    }
}
