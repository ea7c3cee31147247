using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>
/// One compiled matchCondition (admission/plugin/webhook/matchconditions): a CEL expression over `object`, `oldObject`
/// and `request` that must be a bool. Compiled once per configuration version; <see cref="Compile"/> throws a
/// <see cref="CelException"/> for an expression outside this evaluator's subset of CEL.
/// </summary>
public sealed class CelMatchCondition
{
    private readonly Func<ImmutableDictionary<string, object?>, object?> _expression;

    private CelMatchCondition(string name, Func<ImmutableDictionary<string, object?>, object?> expression)
    {
        Name = name;
        _expression = expression;
    }

    public string Name { get; }

    public static CelMatchCondition Compile(string name, string expression) => new(name, CelParser.Parse(expression));

    /// <summary>The condition's value for a request; a <see cref="CelException"/> when it fails or is not a bool.</summary>
    public bool Evaluate(JsonObject request)
    {
        var scope = ImmutableDictionary<string, object?>.Empty
            .Add("object", CelValues.Of(request["object"]))
            .Add("oldObject", CelValues.Of(request["oldObject"]))
            .Add("request", request);
        return _expression(scope) is bool result ? result : throw new CelException("no such overload: the expression's value is not a bool");
    }
}
