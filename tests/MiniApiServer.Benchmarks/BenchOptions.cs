using System.Globalization;
using System.Text.Json.Nodes;

namespace MiniApiServer.Benchmarks;

/// <summary>"--name value" pairs; every value read is echoed into the result so a run is reproducible from its JSON.</summary>
public sealed class BenchOptions
{
    private readonly Dictionary<string, string> _values;
    private readonly JsonObject _used = [];

    private BenchOptions(Dictionary<string, string> values) => _values = values;

    public JsonObject Used => _used;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"expected --name value, got '{args[i]}'");
            }
            values[args[i][2..]] = args[++i];
        }
        return new BenchOptions(values);
    }

    public static BenchOptions Of(params (string Name, object Value)[] values) =>
        new(values.ToDictionary(v => v.Name, v => Convert.ToString(v.Value, CultureInfo.InvariantCulture)!, StringComparer.OrdinalIgnoreCase));

    public int Int(string name, int fallback)
    {
        var v = _values.TryGetValue(name, out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : fallback;
        _used[name] = v;
        return v;
    }

    public string? Str(string name)
    {
        var v = _values.GetValueOrDefault(name);
        _used[name] = v;
        return v;
    }

    public double Double(string name, double fallback)
    {
        var v = _values.TryGetValue(name, out var s) ? double.Parse(s, CultureInfo.InvariantCulture) : fallback;
        _used[name] = v;
        return v;
    }
}
