using System.Globalization;

namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>
/// The global functions: the type conversions (int, uint, double, string, bool, dyn, type), size, matches,
/// timestamp and duration, and Kubernetes' quantity, ip, cidr, url and format libraries.
/// </summary>
internal static class CelFunctions
{
    private static readonly Dictionary<string, int> Arities = new(StringComparer.Ordinal)
    {
        ["size"] = 1,
        ["int"] = 1,
        ["uint"] = 1,
        ["double"] = 1,
        ["string"] = 1,
        ["bool"] = 1,
        ["dyn"] = 1,
        ["type"] = 1,
        ["matches"] = 2,
        ["timestamp"] = 1,
        ["duration"] = 1,
        ["quantity"] = 1,
        ["isQuantity"] = 1,
        ["optional.of"] = 1,
        ["optional.ofNonZeroValue"] = 1,
        ["optional.none"] = 0,
        ["sets.contains"] = 2,
        ["sets.equivalent"] = 2,
        ["sets.intersects"] = 2,
        ["ip"] = 1,
        ["isIP"] = 1,
        ["ip.isCanonical"] = 1,
        ["cidr"] = 1,
        ["isCIDR"] = 1,
        ["url"] = 1,
        ["isURL"] = 1,
        ["format.named"] = 1,
    };

    public static bool Knows(string name, int arity) => (Arities.TryGetValue(name, out var count) && count == arity) || (arity == 0 && IsFormat(name));

    public static bool IsNamespaced(string name) => name.Contains('.', StringComparison.Ordinal) && (Arities.ContainsKey(name) || IsFormat(name));

    /// <summary>format.dns1123Label() and the format library's other constant formats.</summary>
    private static bool IsFormat(string name) => name.StartsWith("format.", StringComparison.Ordinal) && CelFormat.Names.Contains(name["format.".Length..]);

    public static object? Call(string name, object?[] args) => (name, args) switch
    {
        ("size", [var x]) => CelValues.Size(x),
        ("int", [var x]) => ToInt(x),
        ("uint", [var x]) => ToUint(x),
        ("double", [var x]) => ToDouble(x),
        ("string", [var x]) => ToText(x),
        ("bool", [var x]) => ToBool(x),
        ("dyn", [var x]) => x,
        ("type", [var x]) => CelType.Of(x),
        ("matches", [string s, string pattern]) => CelStrings.Pattern(pattern).IsMatch(s),
        ("timestamp", [string s]) => CelTime.Timestamp(s),
        ("timestamp", [CelTime { IsDuration: false } t]) => t,
        ("duration", [string s]) => CelTime.Duration(s),
        ("duration", [CelTime { IsDuration: true } d]) => d,
        ("quantity", [string s]) => CelQuantity.Parse(s),
        ("isQuantity", [string s]) => CelQuantity.TryParse(s, out _, out _),
        ("optional.of", [var x]) => CelOptional.Of(x),
        ("optional.ofNonZeroValue", [var x]) => CelOptional.OfNonZero(x),
        ("optional.none", []) => CelOptional.None,
        ("sets.contains", [var a, var b]) => Contains(a, b),
        ("sets.equivalent", [var a, var b]) => Contains(a, b) && Contains(b, a),
        ("sets.intersects", [var a, var b]) => List(b) is var other && List(a).Any(x => other.Any(y => CelValues.Equal(x, y))),
        ("ip", [string s]) => CelIP.Parse(s),
        ("isIP", [string s]) => CelIP.TryParse(s, out _, out _),
        ("ip.isCanonical", [string s]) => CelIP.Parse(s).ToString() == s,
        ("cidr", [string s]) => CelCidr.Parse(s),
        ("isCIDR", [string s]) => CelCidr.TryParse(s, out _, out _),
        ("url", [string s]) => CelUrl.Parse(s),
        ("isURL", [string s]) => CelUrl.TryParse(s, out _, out _),
        ("format.named", [string s]) => CelFormat.Named(s),
        (_, []) when IsFormat(name) => new CelFormat(name["format.".Length..]),
        _ => throw new CelException($"no such overload: {name}({string.Join(", ", args.Select(CelValues.TypeName))})"),
    };

    /// <summary>cel-go's ext sets: whether every element of <paramref name="subset"/> is in <paramref name="set"/>.</summary>
    private static bool Contains(object? set, object? subset)
    {
        var items = List(set);
        return List(subset).All(x => items.Any(y => CelValues.Equal(x, y)));
    }

    private static IReadOnlyList<object?> List(object? value) =>
        CelValues.AsList(value) ?? throw new CelException($"no such overload: sets function applied to {CelValues.TypeName(value)}");

    private static CelException Range(object value, string type) => new($"range error converting {CelConvert.Format(value)} to {type}");

    private static object ToInt(object? value) => value switch
    {
        long l => l,
        ulong u => u <= long.MaxValue ? (long)u : throw Range(u, "int"),
        // Bounds as cel-go checks them: the doubles nearest to int64's range are not in it.
        double d => !double.IsNaN(d) && d > -9223372036854775808.0 && d < 9223372036854775807.0 ? (long)d : throw Range(d, "int"),
        string s => long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) ? l : throw Parse("ParseInt", s),
        CelTime { IsDuration: false } t => t.Ticks / TimeSpan.TicksPerSecond,
        CelTime t => t.Ticks * 100,
        _ => throw Unsupported("int", value),
    };

    private static object ToUint(object? value) => value switch
    {
        ulong u => u,
        long l => l >= 0 ? (ulong)l : throw Range(l, "uint"),
        double d => !double.IsNaN(d) && d >= 0 && d < 18446744073709551615.0 ? (ulong)d : throw Range(d, "uint"),
        string s => ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var u) ? u : throw Parse("ParseUint", s),
        _ => throw Unsupported("uint", value),
    };

    private static object ToDouble(object? value) => value switch
    {
        double d => d,
        long l => (double)l,
        ulong u => (double)u,
        string s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d
            : s switch { "Inf" or "+Inf" or "inf" or "+inf" => double.PositiveInfinity, "-Inf" or "-inf" => double.NegativeInfinity, "NaN" => double.NaN, _ => throw Parse("ParseFloat", s) },
        _ => throw Unsupported("double", value),
    };

    private static object ToText(object? value) => value switch
    {
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        ulong u => u.ToString(CultureInfo.InvariantCulture),
        double d => CelConvert.Double(d),
        bool b => b ? "true" : "false",
        CelTime t => t.ToString(),
        CelIP or CelCidr => value.ToString()!,
        _ => throw Unsupported("string", value),
    };

    /// <summary>As Go's strconv.ParseBool reads it, which cel-go's bool(string) uses.</summary>
    private static object ToBool(object? value) => value switch
    {
        bool b => b,
        string s => s switch
        {
            "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
            "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
            _ => throw Parse("ParseBool", s),
        },
        _ => throw Unsupported("bool", value),
    };

    private static CelException Parse(string function, string text) => new($"strconv.{function}: parsing \"{text}\": invalid syntax");

    private static CelException Unsupported(string type, object? value) => new($"type conversion error from '{CelValues.TypeName(value)}' to '{type}'");
}
