namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>
/// A map an expression built with a literal (`{"a": 1}`): keys are bool, int, uint or string, and an int key finds the
/// uint or integral double equal to it, as CEL's heterogeneous equality has it.
/// </summary>
internal sealed class CelMap : ICelObject
{
    private readonly Dictionary<object, object?> _byKey = [];

    public CelMap(IEnumerable<KeyValuePair<object?, object?>> entries)
    {
        foreach (var (key, value) in entries)
        {
            if (key is not (bool or long or ulong or string))
            {
                throw new CelException($"unsupported key type: {CelValues.TypeName(key)}");
            }
            if (!_byKey.TryAdd(Normal(key), value))
            {
                throw new CelException($"Failed with repeated key: {CelConvert.Format(key)}");
            }
            Entries.Add(new KeyValuePair<object, object?>(key, value));
        }
    }

    /// <summary>The entries in the order the literal wrote them.</summary>
    public List<KeyValuePair<object, object?>> Entries { get; } = [];

    public int Count => Entries.Count;

    public bool TryGet(object? key, out object? value)
    {
        value = null;
        return key is not null && Normal(key) is { } normal && _byKey.TryGetValue(normal, out value);
    }

    public bool TryGetField(string name, out object? value) => TryGet(name, out value);

    private static object Normal(object key) => key switch
    {
        ulong u when u <= long.MaxValue => (long)u,
        double d when d == Math.Floor(d) && d >= long.MinValue && d < long.MaxValue => (long)d,
        _ => key,
    };
}
