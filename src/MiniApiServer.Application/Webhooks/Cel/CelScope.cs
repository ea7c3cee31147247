namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>
/// The names an expression can see: the caller's variables, then the comprehension variables macros bind on top (a
/// linked chain, so binding one per item copies nothing), then the type names (`int`, `string`, ...) CEL declares.
/// </summary>
internal sealed class CelScope
{
    private readonly IReadOnlyDictionary<string, object?>? _variables;
    private readonly CelScope? _parent;
    private readonly string? _name;
    private readonly object? _value;

    private CelScope(IReadOnlyDictionary<string, object?>? variables, CelScope? parent, string? name, object? value)
    {
        _variables = variables;
        _parent = parent;
        _name = name;
        _value = value;
    }

    public static CelScope Root(IReadOnlyDictionary<string, object?> variables) => new(variables, null, null, null);

    public CelScope Bind(string name, object? value) => new(null, this, name, value);

    public object? Resolve(string name)
    {
        for (var scope = this; scope is not null; scope = scope._parent)
        {
            if (scope._variables is null)
            {
                if (scope._name == name)
                {
                    return scope._value;
                }
            }
            else if (scope._variables.TryGetValue(name, out var value))
            {
                return Normal(value);
            }
        }
        return CelType.Named(name) ?? throw new CelException($"undeclared reference to '{name}'");
    }

    /// <summary>A caller's value in CEL's kinds: CLR integers of any width as int or uint, a float as double, a JSON scalar read.</summary>
    private static object? Normal(object? value) => value switch
    {
        int or short or sbyte => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        uint or ushort or byte => Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture),
        float f => (double)f,
        System.Text.Json.Nodes.JsonValue json => CelConvert.FromJson(json),
        _ => value,
    };
}
