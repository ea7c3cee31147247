using MiniApiServer.Application.Webhooks.Cel;

namespace MiniApiServer.UnitTests.Webhooks.Cel;

/// <summary>
/// A ValidatingAdmissionPolicy's `variables` as its evaluator would build them: each a compiled expression evaluated
/// the first time it is selected, then cached; counts evaluations so a test can see it.
/// </summary>
internal sealed class LazyVariables(IReadOnlyDictionary<string, string> expressions, Dictionary<string, object?> scope) : ICelObject
{
    private readonly Dictionary<string, CelProgram> _programs = expressions.ToDictionary(p => p.Key, p => CelProgram.Compile(p.Value));
    private readonly Dictionary<string, object?> _values = [];

    public Dictionary<string, int> Evaluations { get; } = [];

    public bool TryGetField(string name, out object? value)
    {
        if (_values.TryGetValue(name, out value))
        {
            return true;
        }
        if (!_programs.TryGetValue(name, out var program))
        {
            return false;
        }
        Evaluations[name] = Evaluations.GetValueOrDefault(name) + 1;
        value = program.Evaluate(scope);
        _values[name] = value;
        return true;
    }
}
