using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission;

/// <summary>apimachinery pkg/apis/meta/v1/validation ValidateLabelSelector and ValidateLabelSelectorRequirement.</summary>
public static class LabelSelectorValidation
{
    public static void Validate(V1LabelSelector? selector, string path, FieldErrors errors)
    {
        if (selector is null)
        {
            return;
        }
        var expressions = selector.MatchExpressions ?? [];
        for (var i = 0; i < expressions.Count; i++)
        {
            var requirement = expressions[i];
            var at = $"{path}.matchExpressions[{i}]";
            var values = requirement.Values?.Count ?? 0;
            switch (requirement.OperatorProperty)
            {
                case "In" or "NotIn" when values == 0:
                    errors.Required($"{at}.values", "must be specified when `operator` is 'In' or 'NotIn'");
                    break;
                case "Exists" or "DoesNotExist" when values > 0:
                    errors.Forbidden($"{at}.values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
                    break;
                case "In" or "NotIn" or "Exists" or "DoesNotExist":
                    break;
                default:
                    errors.Invalid($"{at}.operator", requirement.OperatorProperty, "not a valid selector operator");
                    break;
            }
            ObjectMetaValidation.QualifiedName(errors, $"{at}.key", requirement.Key ?? "");
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
    }
}
