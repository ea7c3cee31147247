using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>
/// One compiled matchCondition (admission/plugin/webhook/matchconditions): a CEL expression over `object`, `oldObject`
/// and `request` that must be a bool. Compiled once per configuration version; <see cref="Compile"/> throws a
/// <see cref="CelException"/> for an expression outside this evaluator's subset of CEL.
/// </summary>
public sealed class CelMatchCondition
{
    private readonly CelProgram _program;

    private CelMatchCondition(string name, CelProgram program)
    {
        Name = name;
        _program = program;
    }

    public string Name { get; }

    public static CelMatchCondition Compile(string name, string expression) => new(name, CelProgram.Compile(expression));

    /// <summary>The condition's value for a request; a <see cref="CelException"/> when it fails or is not a bool.</summary>
    public bool Evaluate(JsonObject request)
    {
        var variables = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["object"] = CelConvert.FromJson(request["object"]),
            ["oldObject"] = CelConvert.FromJson(request["oldObject"]),
            ["request"] = request,
        };
        return _program.Evaluate(variables) is bool result ? result : throw new CelException("no such overload: the expression's value is not a bool");
    }
}
