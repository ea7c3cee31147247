using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>
/// CEL's values over JSON: null, bool, int (long), double, string, lists and maps (JSON arrays and objects, or lists
/// the expression built), with CEL's rules: a missing key is an error, && and || absorb an error the other side
/// decides, equality across int and double is numeric.
/// </summary>
internal static class CelValues
{
    /// <summary>
    /// A JSON value as CEL sees it. Read through its kind, since a parsed document's values answer TryGetValue for some
    /// CLR types and not others depending on how they were built.
    /// </summary>
    public static object? Of(JsonNode? node)
    {
        // Typed as object on purpose: JsonNode converts implicitly from string, bool and numbers, so a switch that
        // also yields the node itself would turn every value back into a JsonNode.
        if (node is not JsonValue value)
        {
            return node;
        }
        object? result = value.GetValueKind() switch
        {
            JsonValueKind.String => value.Deserialize<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => value.Deserialize<double>() is var d && d == Math.Floor(d) && Math.Abs(d) < 9e15 ? (object)(long)d : d,
            _ => null,
        };
        return result;
    }

    public static bool Bool(object? value) => value is bool b ? b : throw new CelException($"no such overload: bool expected, got {TypeName(value)}");

    public static object? Logical(Func<ImmutableDictionary<string, object?>, object?> left, Func<ImmutableDictionary<string, object?>, object?> right,
        ImmutableDictionary<string, object?> scope, bool decisive)
    {
        CelException? leftError = null;
        try
        {
            if (Bool(left(scope)) == decisive)
            {
                return decisive;
            }
        }
        catch (CelException ex)
        {
            leftError = ex;
        }
        var r = Bool(right(scope));
        if (r == decisive)
        {
            return decisive;
        }
        return leftError is null ? r : throw leftError;
    }

    public static object? Select(object? target, string field) => target switch
    {
        JsonObject map => map.TryGetPropertyValue(field, out var value) ? Of(value) : throw new CelException($"no such key: {field}"),
        null => throw new CelException($"no such key: {field}"),
        _ => throw new CelException($"type '{TypeName(target)}' does not support field selection"),
    };

    public static bool Has(object? target, string field) => target switch
    {
        JsonObject map => map.ContainsKey(field) && map[field] is not null,
        null => false,
        _ => throw new CelException($"invalid type for field selection."),
    };

    public static object? Index(object? target, object? index) => (target, index) switch
    {
        (JsonArray list, long i) when i >= 0 && i < list.Count => Of(list[(int)i]),
        (List<object?> list, long i) when i >= 0 && i < list.Count => list[(int)i],
        (JsonArray or List<object?>, long i) => throw new CelException($"index out of bounds: {i.ToString(CultureInfo.InvariantCulture)}"),
        (JsonObject map, string key) => map.TryGetPropertyValue(key, out var value) ? Of(value) : throw new CelException($"no such key: {key}"),
        _ => throw new CelException($"no such overload: {TypeName(target)}[{TypeName(index)}]"),
    };

    public static object Compare(string op, object? left, object? right)
    {
        switch (op)
        {
            case "==":
                return Equal(left, right);
            case "!=":
                return !Equal(left, right);
            case "in":
                return right switch
                {
                    JsonArray list => list.Any(item => Equal(left, Of(item))),
                    List<object?> list => list.Any(item => Equal(left, item)),
                    JsonObject map when left is string key => map.ContainsKey(key),
                    _ => throw new CelException($"no such overload: {TypeName(left)} in {TypeName(right)}"),
                };
        }
        var order = (left, right) switch
        {
            (string a, string b) => string.CompareOrdinal(a, b),
            (long a, long b) => a.CompareTo(b),
            (long or double, long or double) => Convert.ToDouble(left, CultureInfo.InvariantCulture).CompareTo(Convert.ToDouble(right, CultureInfo.InvariantCulture)),
            (bool a, bool b) => a.CompareTo(b),
            _ => throw new CelException($"no such overload: {TypeName(left)} {op} {TypeName(right)}"),
        };
        return op switch { "<" => order < 0, "<=" => order <= 0, ">" => order > 0, _ => order >= 0 };
    }

    private static bool Equal(object? left, object? right) => (left, right) switch
    {
        (null, null) => true,
        (long a, double b) => a == b,
        (double a, long b) => a == b,
        (JsonNode a, JsonNode b) => JsonNode.DeepEquals(a, b),
        (List<object?> a, List<object?> b) => a.Count == b.Count && a.Zip(b).All(p => Equal(p.First, p.Second)),
        (List<object?> a, JsonArray b) => a.Count == b.Count && a.Zip(b).All(p => Equal(p.First, Of(p.Second))),
        (JsonArray, List<object?>) => Equal(right, left),
        _ => Equals(left, right),
    };

    public static object Arithmetic(string op, object? left, object? right) => (op, left, right) switch
    {
        ("+", string a, string b) => a + b,
        ("+", long a, long b) => a + b,
        ("-", long a, long b) => a - b,
        ("*", long a, long b) => a * b,
        ("/", long _, 0L) or ("%", long _, 0L) => throw new CelException("division by zero"),
        ("/", long a, long b) => a / b,
        ("%", long a, long b) => a % b,
        (_, long or double, long or double) => op switch
        {
            "+" => ToDouble(left) + ToDouble(right),
            "-" => ToDouble(left) - ToDouble(right),
            "*" => ToDouble(left) * ToDouble(right),
            "/" => ToDouble(left) / ToDouble(right),
            _ => throw new CelException($"no such overload: {TypeName(left)} {op} {TypeName(right)}"),
        },
        ("+", List<object?> a, List<object?> b) => (object)a.Concat(b).ToList(),
        _ => throw new CelException($"no such overload: {TypeName(left)} {op} {TypeName(right)}"),
    };

    private static double ToDouble(object? value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);

    public static object Size(object? value) => value switch
    {
        string s => (long)s.EnumerateRunes().Count(),
        JsonArray list => (long)list.Count,
        List<object?> list => (long)list.Count,
        JsonObject map => (long)map.Count,
        _ => throw new CelException($"no such overload: size({TypeName(value)})"),
    };

    public static object ToInt(object? value) => value switch
    {
        long l => l,
        double d => (long)d,
        string s when long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l) => l,
        _ => throw new CelException($"no such overload: int({TypeName(value)})"),
    };

    public static object ToText(object? value) => value switch
    {
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => throw new CelException($"no such overload: string({TypeName(value)})"),
    };

    public static object StringFunction(string name, object? target, object? argument)
    {
        if (target is not string s || (argument is not null and not string))
        {
            throw new CelException($"found no matching overload for '{name}' applied to '({TypeName(target)})'");
        }
        var arg = argument as string ?? "";
        return name switch
        {
            "startsWith" => s.StartsWith(arg, StringComparison.Ordinal),
            "endsWith" => s.EndsWith(arg, StringComparison.Ordinal),
            "contains" => s.Contains(arg, StringComparison.Ordinal),
            "matches" => Regex.IsMatch(s, arg, RegexOptions.None, TimeSpan.FromMilliseconds(100)),
            "lowerAscii" => s.ToLowerInvariant(),
            _ => s.ToUpperInvariant(),
        };
    }

    /// <summary>The list macros, over a list's items or a map's keys, binding <paramref name="variable"/> for the body.</summary>
    public static object Comprehension(string macro, object? target, string variable, Func<ImmutableDictionary<string, object?>, object?> body,
        ImmutableDictionary<string, object?> scope)
    {
        var items = target switch
        {
            JsonArray list => list.Select(Of).ToList(),
            List<object?> list => list,
            JsonObject map => map.Select(p => (object?)p.Key).ToList(),
            _ => throw new CelException($"expression of type '{TypeName(target)}' cannot be range of a comprehension"),
        };
        object? Apply(object? item) => body(scope.SetItem(variable, item));
        return macro switch
        {
            "exists" => items.Any(i => Bool(Apply(i))),
            "all" => items.All(i => Bool(Apply(i))),
            "exists_one" => items.Count(i => Bool(Apply(i))) == 1,
            "filter" => items.Where(i => Bool(Apply(i))).ToList(),
            _ => items.Select(Apply).ToList(),
        };
    }

    private static string TypeName(object? value) => value switch
    {
        null => "null_type",
        bool => "bool",
        long => "int",
        double => "double",
        string => "string",
        JsonArray or List<object?> => "list",
        JsonObject => "map",
        _ => value.GetType().Name,
    };
}
