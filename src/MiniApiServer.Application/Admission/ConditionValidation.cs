using System.Text.RegularExpressions;
using k8s.Models;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// ValidateConditions for metav1.Condition lists (apimachinery's pkg/apis/meta/v1/validation): one condition per type,
/// a qualified-name type, a True/False/Unknown status, a set lastTransitionTime, a CamelCase-ish reason of at most 1 KiB
/// and a message of at most 32 KiB.
/// </summary>
public static partial class ConditionValidation
{
    private const int MaxReasonLength = 1024;
    private const int MaxMessageLength = 32 * 1024;

    private const string ReasonError =
        "a condition reason must start with alphabetic character, optionally followed by a string of alphanumeric characters or '_,:', "
        + "and must end with an alphanumeric character or '_' (e.g. 'my_name',  or 'MY_NAME',  or 'MyName',  or 'ReasonA,ReasonB',  or "
        + "'ReasonA:ReasonB', regex used for validation is '[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?')";

    [GeneratedRegex("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Reason();

    public static void Validate(IList<V1Condition>? conditions, string path, FieldErrors errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (conditions?.Count ?? 0); i++)
        {
            var condition = conditions![i];
            var at = $"{path}[{i}]";
            var type = condition.Type ?? "";
            if (!seen.Add(type))
            {
                errors.Duplicate($"{at}.type", type);
            }
            ObjectMetaValidation.QualifiedName(errors, $"{at}.type", type);
            if (condition.Status is not ("True" or "False" or "Unknown"))
            {
                errors.NotSupported($"{at}.status", condition.Status ?? "", "False", "True", "Unknown");
            }
            if (condition.ObservedGeneration is < 0)
            {
                errors.Invalid($"{at}.observedGeneration", condition.ObservedGeneration, "must be greater than or equal to zero");
            }
            if (condition.LastTransitionTime == default)
            {
                errors.Required($"{at}.lastTransitionTime", "must be set");
            }
            if (string.IsNullOrEmpty(condition.Reason))
            {
                errors.Required($"{at}.reason", "must be set");
            }
            else
            {
                if (!Reason().IsMatch(condition.Reason))
                {
                    errors.Invalid($"{at}.reason", condition.Reason, ReasonError);
                }
                if (System.Text.Encoding.UTF8.GetByteCount(condition.Reason) > MaxReasonLength)
                {
                    errors.TooLong($"{at}.reason", MaxReasonLength);
                }
            }
            if (System.Text.Encoding.UTF8.GetByteCount(condition.Message ?? "") > MaxMessageLength)
            {
                errors.TooLong($"{at}.message", MaxMessageLength);
            }
        }
    }
}
