using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Webhooks.Cel;

namespace MiniApiServer.Application.CustomResources;

/// <summary>
/// A custom resource's `x-kubernetes-validations` rules (apiextensions-apiserver pkg/apiserver/schema/cel/validation.go):
/// each rule runs with `self` bound to the value at its schema node, and a transition rule (one that reads `oldSelf`)
/// only where an update has an old value at the same place: object properties and map entries by key, items of
/// `x-kubernetes-list-type: map` lists by their keys, nothing else. Null values are not validated. On an update, a
/// rule that is not a transition rule and fails on a value the update did not change is ratcheted (CRDValidationRatcheting,
/// on in 1.32), as the schema's own errors are.
/// </summary>
public static class ValidationRules
{
    private const string RulesKey = "x-kubernetes-validations";

    // strategy.go hasBlockingErr: the schema errors after which the rules are not run (their `self` would not be typed).
    private static readonly string[] Blocking = ["FieldValueNotSupported", "FieldValueRequired", "FieldValueTooLong", "FieldValueTooMany", "FieldValueTypeInvalid"];

    /// <summary>The rules' errors, after <paramref name="errors"/> holds the schema's own (which may block the rules).</summary>
    public static void Validate(JsonObject obj, JsonObject? old, JsonObject? schema, FieldErrors errors)
    {
        if (schema is null || !Ruled.GetValue(schema, static s => new StrongBox<bool>(HasRules(s))).Value)
        {
            return;
        }
        if (errors.Causes.Any(c => Blocking.Contains(c.Reason)))
        {
            errors.Invalid("<nil>", "null", "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation");
            return;
        }
        Walk(obj, old, old is not null, schema, "", errors);
    }

    // A version's schema is one object for as long as the CRD is unchanged: walking a large one on every write to find
    // it has no rules would cost more than the write.
    private static readonly ConditionalWeakTable<JsonObject, StrongBox<bool>> Ruled = new();

    private static bool HasRules(JsonObject schema) =>
        schema.ContainsKey(RulesKey)
        || (schema["properties"] is JsonObject properties && properties.Any(p => p.Value is JsonObject child && HasRules(child)))
        || (schema["additionalProperties"] is JsonObject additional && HasRules(additional))
        || (schema["items"] is JsonObject items && HasRules(items));

    private static void Walk(JsonNode? value, JsonNode? old, bool hasOld, JsonObject schema, string path, FieldErrors errors)
    {
        if (value is null)
        {
            return;
        }
        if (schema[RulesKey] is JsonArray rules)
        {
            Evaluate(rules, value, hasOld ? old : null, hasOld, schema, path, errors);
        }
        switch (value)
        {
            case JsonObject obj when schema["properties"] is JsonObject properties:
                foreach (var (name, child) in obj)
                {
                    if (properties[name] is JsonObject childSchema)
                    {
                        var oldChild = OldEntry(old, name, out var found);
                        Walk(child, oldChild, hasOld && found, childSchema, path.Length == 0 ? name : $"{path}.{name}", errors);
                    }
                }
                break;
            case JsonObject map when schema["additionalProperties"] is JsonObject additional:
                foreach (var (key, child) in map)
                {
                    var oldChild = OldEntry(old, key, out var found);
                    Walk(child, oldChild, hasOld && found, additional, $"{(path.Length == 0 ? "<nil>" : path)}[{key}]", errors);
                }
                break;
            case JsonArray list when schema["items"] is JsonObject items:
                var keys = Schema.Str(schema, "x-kubernetes-list-type") == "map" && schema["x-kubernetes-list-map-keys"] is JsonArray k
                    ? k.Select(n => n is JsonValue v && v.TryGetValue<string>(out var key) ? key : "").ToArray() : null;
                for (var i = 0; i < list.Count; i++)
                {
                    var oldItem = keys is null || old is not JsonArray oldList ? null : oldList.FirstOrDefault(o => SameKeys(o, list[i], keys));
                    Walk(list[i], oldItem, hasOld && oldItem is not null, items, $"{path}[{i}]", errors);
                }
                break;
        }
    }

    private static JsonNode? OldEntry(JsonNode? old, string key, out bool found)
    {
        found = false;
        return old is JsonObject oldObj && (found = oldObj.TryGetPropertyValue(key, out var value)) ? value : null;
    }

    private static bool SameKeys(JsonNode? a, JsonNode? b, string[] keys) =>
        a is JsonObject x && b is JsonObject y && keys.All(k => JsonNode.DeepEquals(x[k], y[k]));

    private static void Evaluate(JsonArray rules, JsonNode value, JsonNode? old, bool hasOld, JsonObject schema, string path, FieldErrors errors)
    {
        var type = Schema.Str(schema, "type") ?? "";
        var at = path.Length == 0 ? "<nil>" : path;
        foreach (var node in rules)
        {
            if (node is not JsonObject rule || Objects.ObjectMeta.Str(rule, "rule") is not { Length: > 0 } text)
            {
                continue;
            }
            var compiled = CompiledRule.Of(text, Objects.ObjectMeta.Str(rule, "messageExpression"));
            if (compiled.Program is null)
            {
                errors.Invalid(at, type, $"rule compile error: {compiled.Error}");
                continue;
            }
            var optionalOldSelf = Schema.Flag(rule, "optionalOldSelf");
            if (compiled.UsesOldSelf && !hasOld && !optionalOldSelf)
            {
                continue;
            }
            var variables = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["self"] = value,
                ["oldSelf"] = optionalOldSelf ? (hasOld ? CelOptional.Of(old) : CelOptional.None) : old,
            };
            object? result;
            try
            {
                result = compiled.Program.Evaluate(variables);
            }
            catch (CelException ex)
            {
                errors.Invalid(at, type, ex.Message.StartsWith("no such overload", StringComparison.Ordinal)
                    ? $"'{ex.Message}': call arguments did not match a supported operator, function or macro signature for rule: {RuleText(rule)}"
                    : $"{ex.Message} evaluating rule: {RuleText(rule)}");
                continue;
            }
            if (result is true || (!compiled.UsesOldSelf && hasOld && JsonNode.DeepEquals(value, old)))
            {
                continue;
            }
            var field = Objects.ObjectMeta.Str(rule, "fieldPath") is { Length: > 0 } fieldPath ? Under(path, fieldPath) : at;
            Report(errors, field, value, type, Message(compiled, rule, variables), Objects.ObjectMeta.Str(rule, "reason"));
        }
    }

    /// <summary>fieldErrorForReason: the value is shown for scalars only (object and array values are omitted).</summary>
    private static void Report(FieldErrors errors, string field, JsonNode value, string type, string detail, string? reason)
    {
        var shown = type is "object" or "array" ? null : CelConvert.FromJson(value);
        switch (reason)
        {
            case "FieldValueForbidden":
                errors.Forbidden(field, detail);
                break;
            case "FieldValueRequired":
                errors.Required(field, detail);
                break;
            case "FieldValueDuplicate":
                errors.Duplicate(field, shown);
                break;
            default:
                if (shown is null)
                {
                    errors.Add(new StatusCause("FieldValueInvalid", $"Invalid value: {detail}", field));
                }
                else
                {
                    errors.Invalid(field, shown, detail);
                }
                break;
        }
    }

    /// <summary>The messageExpression's string when it gives a non-empty one on one line, else the message, else "failed rule".</summary>
    private static string Message(CompiledRule compiled, JsonObject rule, Dictionary<string, object?> variables)
    {
        if (compiled.MessageExpression is not null)
        {
            try
            {
                if (compiled.MessageExpression.Evaluate(variables) is string message && message.Trim() is { Length: > 0 } trimmed && !trimmed.Contains('\n'))
                {
                    return trimmed;
                }
            }
            catch (CelException)
            {
                // Upstream logs a failed messageExpression and falls back to the static message.
            }
        }
        return Objects.ObjectMeta.Str(rule, "message") is { Length: > 0 } text ? text.Trim() : $"failed rule: {RuleText(rule)}";
    }

    private static string RuleText(JsonObject rule) =>
        Objects.ObjectMeta.Str(rule, "message") is { Length: > 0 } message ? message.Trim() : (Objects.ObjectMeta.Str(rule, "rule") ?? "").Trim();

    /// <summary>The rule's fieldPath (".spec.x", "['a.b']") appended to the node's path as validFieldPath normalizes it.</summary>
    private static string Under(string path, string fieldPath)
    {
        var relative = fieldPath.TrimStart('.').Replace("['", ".", StringComparison.Ordinal).Replace("']", "", StringComparison.Ordinal).TrimStart('.');
        return path.Length == 0 ? relative : $"{path}.{relative}";
    }
}
