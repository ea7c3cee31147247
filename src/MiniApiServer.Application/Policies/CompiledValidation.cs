using k8s.Models;
using MiniApiServer.Application.Webhooks.Cel;

namespace MiniApiServer.Application.Policies;

/// <summary>One validation: its expression, its message or message expression, and the reason a refusal carries (Invalid when unset).</summary>
internal sealed record CompiledValidation(string Expression, CelProgram Program, string Message, CelProgram? MessageProgram, string Reason)
{
    public static CompiledValidation Compile(V1Validation validation) => new(
        validation.Expression ?? "",
        CelProgram.Compile(validation.Expression ?? ""),
        validation.Message ?? "",
        string.IsNullOrWhiteSpace(validation.MessageExpression) ? null : CelProgram.Compile(validation.MessageExpression),
        string.IsNullOrEmpty(validation.Reason) ? "Invalid" : validation.Reason);
}
