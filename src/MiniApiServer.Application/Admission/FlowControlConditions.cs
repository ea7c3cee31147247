using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// ValidateFlowSchemaStatus and ValidatePriorityLevelConfigurationStatus (pkg/apis/flowcontrol/validation): each
/// condition type once and never empty; nothing else about a condition is checked.
/// </summary>
internal static class FlowControlConditions
{
    public static void Validate(IReadOnlyList<string?>? types, FieldErrors errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (types?.Count ?? 0); i++)
        {
            var type = types![i] ?? "";
            if (!seen.Add(type))
            {
                errors.Duplicate($"status.conditions[{i}].type", type);
            }
            if (type.Length == 0)
            {
                errors.Required($"status.conditions[{i}].type", "must not be empty");
            }
        }
    }
}
