using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission;

/// <summary>apimachinery pkg/apis/meta/v1/validation ValidateLabelSelector and ValidateLabelSelectorRequirement.</summary>
public static class LabelSelectorValidation
{
    /// <summary>
    /// The matchLabels, then each requirement. <paramref name="allowInvalidValues"/> is upstream's
    /// AllowInvalidLabelValueInSelector; the kinds ported before NetworkPolicy still pass true (their values unchecked).
    /// </summary>
    public static void Validate(V1LabelSelector? selector, string path, FieldErrors errors, bool allowInvalidValues = true)
    {
        if (selector is null)
        {
            return;
        }
        if (selector.MatchLabels is { Count: > 0 } labels)
        {
            var json = new JsonObject();
            foreach (var (k, v) in labels)
            {
                json[k] = v;
            }
            ObjectMetaValidation.ValidateLabels(json, errors, $"{path}.matchLabels");
        }
        var expressions = selector.MatchExpressions ?? [];
        for (var i = 0; i < expressions.Count; i++)
        {
            var requirement = expressions[i];
            var at = $"{path}.matchExpressions[{i}]";
            var values = requirement.Values ?? [];
            switch (requirement.OperatorProperty)
            {
                case "In" or "NotIn" when values.Count == 0:
                    errors.Required($"{at}.values", "must be specified when `operator` is 'In' or 'NotIn'");
                    break;
                case "Exists" or "DoesNotExist" when values.Count > 0:
                    errors.Forbidden($"{at}.values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
                    break;
                case "In" or "NotIn" or "Exists" or "DoesNotExist":
                    break;
                default:
                    errors.Invalid($"{at}.operator", requirement.OperatorProperty, "not a valid selector operator");
                    break;
            }
            ObjectMetaValidation.QualifiedName(errors, at, static at => at + ".key", requirement.Key ?? "");
            for (var j = 0; j < values.Count && !allowInvalidValues; j++)
            {
                if (ObjectMetaValidation.LabelValueError(values[j]) is { } valueError)
                {
                    errors.Invalid($"{at}.values[{j}]", values[j], valueError);
                }
            }
        }
    }
}
