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

    // A version's schema is one object for as long as the CRD is unchanged: walking a large one on every write to find
    // where its rules are would cost more than the write.
    private static readonly ConditionalWeakTable<JsonObject, StrongBox<bool>> Ruled = new();

    private const string CostExceeded = "operation cancelled: actual cost limit exceeded";

    /// <summary>The rules' errors, after <paramref name="errors"/> holds the schema's own (which may block the rules).</summary>
    public static void Validate(JsonObject obj, JsonObject? old, JsonObject? schema, FieldErrors errors)
    {
        if (schema is null || !HasRules(schema))
        {
            return;
        }
        if (errors.Causes.Any(c => Blocking.Contains(c.Reason)))
        {
            errors.Invalid("<nil>", "null", "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation");
            return;
        }
        // One RuntimeCELCostBudget for the whole object, as upstream passes its remaining budget from rule to rule.
        using var budget = CelCost.Share();
        Walk(obj, old, old is not null, schema, "", errors);
    }

    private static bool HasRules(JsonObject schema) => Ruled.GetValue(schema, static s => new StrongBox<bool>(
        s.ContainsKey(RulesKey)
        || (s["properties"] is JsonObject properties && properties.Any(p => p.Value is JsonObject child && HasRules(child)))
        || (s["additionalProperties"] is JsonObject additional && HasRules(additional))
        || (s["items"] is JsonObject items && HasRules(items)))).Value;

    /// <summary>False once the cost budget is spent: no further rule runs, as upstream returns a negative budget.</summary>
    private static bool Walk(JsonNode? value, JsonNode? old, bool hasOld, JsonObject schema, string path, FieldErrors errors)
    {
        // Null values are not validated; an old null is no old value to compare with (oldObj[k] is nil there).
        if (value is null || !HasRules(schema))
        {
            return true;
        }
        hasOld = hasOld && old is not null;
        if (schema[RulesKey] is JsonArray rules && !Evaluate(rules, value, hasOld ? old : null, hasOld, schema, path, errors))
        {
            return false;
        }
        switch (value)
        {
            case JsonObject obj when schema["properties"] is JsonObject properties:
                foreach (var (name, child) in obj)
                {
                    if (properties[name] is JsonObject childSchema
                        && !Walk(child, OldEntry(old, name), hasOld, childSchema, path.Length == 0 ? name : $"{path}.{name}", errors))
                    {
                        return false;
                    }
                }
                break;
            case JsonObject map when schema["additionalProperties"] is JsonObject additional:
                foreach (var (key, child) in map)
                {
                    if (!Walk(child, OldEntry(old, key), hasOld, additional, $"{(path.Length == 0 ? "<nil>" : path)}[{key}]", errors))
                    {
                        return false;
                    }
                }
                break;
            case JsonArray list when schema["items"] is JsonObject items:
                var oldItems = OldItemsByKey(schema, hasOld ? old as JsonArray : null);
                for (var i = 0; i < list.Count; i++)
                {
                    var oldItem = oldItems is { } index && list[i] is JsonObject item && index.Items.TryGetValue(ItemKey(item, index.Keys), out var found) ? found : null;
                    if (!Walk(list[i], oldItem, oldItem is not null, items, $"{path}[{i}]", errors))
                    {
                        return false;
                    }
                }
                break;
        }
        return true;
    }

    private static JsonNode? OldEntry(JsonNode? old, string key) => old is JsonObject oldObj && oldObj.TryGetPropertyValue(key, out var value) ? value : null;

    /// <summary>
    /// The old items of an `x-kubernetes-list-type: map` list by their keys' values (makeMapList), the only list whose
    /// items correlate; null for any other list.
    /// </summary>
    private static (string[] Keys, Dictionary<string, JsonObject> Items)? OldItemsByKey(JsonObject schema, JsonArray? old)
    {
        if (old is null || Schema.Str(schema, "x-kubernetes-list-type") != "map" || schema["x-kubernetes-list-map-keys"] is not JsonArray k)
        {
            return null;
        }
        string[] keys = [.. k.Select(n => n is JsonValue v && v.TryGetValue<string>(out var key) ? key : "")];
        var items = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var item in old.OfType<JsonObject>())
        {
            items.TryAdd(ItemKey(item, keys), item);
        }
        return (keys, items);
    }

    private static string ItemKey(JsonObject item, string[] keys) => string.Join('\0', keys.Select(k => item[k]?.ToJsonString() ?? ""));

    private static bool Evaluate(JsonArray rules, JsonNode value, JsonNode? old, bool hasOld, JsonObject schema, string path, FieldErrors errors)
    {
        var type = Schema.Str(schema, "type") ?? "";
        var at = path.Length == 0 ? "<nil>" : path;
        foreach (var node in rules)
        {
            if (node is not JsonObject rule || Schema.Str(rule, "rule") is not { Length: > 0 } text)
            {
                continue;
            }
            var compiled = CompiledRule.Of(text, Schema.Str(rule, "messageExpression"));
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
            catch (CelException ex) when (ex.Message.StartsWith(CostExceeded, StringComparison.Ordinal))
            {
                errors.Invalid(at, type, $"'{ex.Message}': no further validation rules will be run due to call cost exceeds limit for rule: {RuleText(rule)}");
                return false;
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
            var field = Schema.Str(rule, "fieldPath") is { Length: > 0 } fieldPath ? Under(path, fieldPath) : at;
            Report(errors, field, value, type, Message(compiled, rule, variables), Schema.Str(rule, "reason"));
        }
        return true;
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
        return Schema.Str(rule, "message") is { Length: > 0 } text ? text.Trim() : $"failed rule: {RuleText(rule)}";
    }

    private static string RuleText(JsonObject rule) =>
        Schema.Str(rule, "message") is { Length: > 0 } message ? message.Trim() : (Schema.Str(rule, "rule") ?? "").Trim();

    /// <summary>The rule's fieldPath (".spec.x", "['a.b']") appended to the node's path as validFieldPath normalizes it.</summary>
    private static string Under(string path, string fieldPath)
    {
        var relative = fieldPath.TrimStart('.').Replace("['", ".", StringComparison.Ordinal).Replace("']", "", StringComparison.Ordinal).TrimStart('.');
        return path.Length == 0 ? relative : $"{path}.{relative}";
    }
}
