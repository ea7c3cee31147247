using MiniApiServer.Application.Webhooks.Cel;

namespace MiniApiServer.Application.Policies;

/// <summary>
/// A policy's `variables`: each is evaluated the first time an expression selects it and kept for the rest of the
/// request (composition.go's lazy, memoized variables), so one nobody reads costs nothing; a variable's error is every
/// reader's error.
/// </summary>
internal sealed class PolicyVariables(IReadOnlyList<(string Name, CelProgram Program)> programs) : ICelObject
{
    private readonly Dictionary<string, (object? Value, CelException? Error)> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _evaluating = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, object?> Scope { get; set; } = new Dictionary<string, object?>();

    public bool TryGetField(string name, out object? value)
    {
        if (_values.TryGetValue(name, out var known))
        {
            value = known.Error is null ? known.Value : throw known.Error;
            return true;
        }
        var index = -1;
        for (var i = 0; i < programs.Count; i++)
        {
            if (programs[i].Name == name)
            {
                index = i;
            }
        }
        if (index < 0)
        {
            value = null;
            return false;
        }
        // A variable may only read the ones declared before it; a cycle would otherwise recurse without end.
        if (!_evaluating.Add(name))
        {
            throw new CelException($"composited variable \"{name}\" refers to itself");
        }
        try
        {
            var result = programs[index].Program.Evaluate(Scope);
            _values[name] = (result, null);
            value = result;
            return true;
        }
        catch (CelException ex)
        {
            _values[name] = (null, ex);
            throw;
        }
        finally
        {
            _evaluating.Remove(name);
        }
    }
}
