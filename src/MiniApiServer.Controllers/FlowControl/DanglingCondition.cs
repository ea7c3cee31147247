using k8s.Models;

namespace MiniApiServer.Controllers.FlowControl;

/// <summary>presyncFlowSchemaStatus (apiserver pkg/util/flowcontrol/apf_controller.go, 1.32): the Dangling condition a FlowSchema should carry.</summary>
public static class DanglingCondition
{
    public const string Type = "Dangling";

    public static V1FlowSchemaCondition Desired(string level, bool exists, DateTime now) => exists
        ? new V1FlowSchemaCondition
        {
            Type = Type, Status = "False", Reason = "Found", LastTransitionTime = now,
            Message = $"This FlowSchema references the PriorityLevelConfiguration object named \"{level}\" and it exists",
        }
        : new V1FlowSchemaCondition
        {
            Type = Type, Status = "True", Reason = "NotFound", LastTransitionTime = now,
            Message = $"This FlowSchema references the PriorityLevelConfiguration object named \"{level}\" but there is no such object",
        };

    /// <summary>Whether the schema already says what <paramref name="desired"/> says (the time aside, as upstream compares).</summary>
    public static bool Current(V1FlowSchema schema, V1FlowSchemaCondition desired) =>
        schema.Status?.Conditions?.FirstOrDefault(c => c.Type == Type) is { } c
        && c.Status == desired.Status && c.Reason == desired.Reason && c.Message == desired.Message;
}
