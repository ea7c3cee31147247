using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>
/// One compiled matchCondition (admission/plugin/webhook/matchconditions): a CEL expression over `object`, `oldObject`
/// and `request` that must be a bool. Compiled once per configuration version. One that does not compile (stored before
/// this server compiled them at create) fails every evaluation with the compiler's words, as upstream's filter reports
/// a compilation result's error for each input, so the webhook's failurePolicy decides.
/// </summary>
public sealed class CelMatchCondition
{
    private readonly CelProgram? _program;

    private CelMatchCondition(string name, CelProgram? program, string? compileError)
    {
        Name = name;
        _program = program;
        CompileError = compileError;
    }

    public string Name { get; }

    public string? CompileError { get; }

    public static CelMatchCondition Compile(string name, string expression)
    {
        try
        {
            return new(name, CelProgram.Compile(expression), null);
        }
        catch (CelException ex)
        {
            return new(name, null, "compilation failed: " + ex.Message);
        }
    }

    /// <summary>The condition's value for a request; a <see cref="CelException"/> when it fails or is not a bool.</summary>
    public bool Evaluate(JsonObject request, CelAuthorizer? authorizer = null)
    {
        if (_program is null)
        {
            throw new CelException(CompileError!);
        }
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["object"] = CelConvert.FromJson(request["object"]),
            ["oldObject"] = CelConvert.FromJson(request["oldObject"]),
            ["request"] = request,
            ["authorizer"] = authorizer,
        };
        return _program.Evaluate(variables) is bool result ? result : throw new CelException("no such overload: the expression's value is not a bool");
    }
}
