using System.Globalization;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>
/// CEL's values and operators: null, bool, int (long), uint (ulong), double, string, lists (JSON arrays or lists the
/// expression built), maps (JSON objects, map literals, <see cref="ICelObject"/>s), quantities and types, with
/// cel-spec's rules: a missing key is an error, && and || absorb an error the other side decides, int arithmetic is
/// checked, int and double do not mix in arithmetic but compare and equal across kinds (heterogeneous equality).
/// </summary>
internal static class CelValues
{
    public static bool Bool(object? value) => value is bool b ? b : throw new CelException($"no such overload: bool expected, got {TypeName(value)}");

    public static object? Logical(Func<CelScope, object?> left, Func<CelScope, object?> right, CelScope scope, bool decisive)
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

    /// <summary>A list's items, JSON arrays read through <see cref="CelConvert.FromJson"/>; null for anything else.</summary>
    public static IReadOnlyList<object?>? AsList(object? value) => value switch
    {
        List<object?> list => list,
        JsonArray array => Charged(array.Count, array.Select(CelConvert.FromJson).ToList()),
        _ => null,
    };

    private static T Charged<T>(long units, T value)
    {
        CelCost.Charge(units);
        return value;
    }

    /// <summary>A map's entries; null for anything that is not an iterable map.</summary>
    public static IEnumerable<KeyValuePair<object, object?>>? Entries(object? value) => value switch
    {
        JsonObject map => map.Select(p => new KeyValuePair<object, object?>(p.Key, CelConvert.FromJson(p.Value))),
        CelMap map => map.Entries,
        _ => null,
    };

    private static bool TryLookup(object? map, object? key, out object? value)
    {
        value = null;
        switch (map)
        {
            case JsonObject json when key is string k && json.TryGetPropertyValue(k, out var node):
                value = CelConvert.FromJson(node);
                return true;
            case CelMap literal:
                return literal.TryGet(key, out value);
            case ICelObject lazy when key is string k:
                return lazy.TryGetField(k, out value);
            default:
                return false;
        }
    }

    private static bool IsMap(object? value) => value is JsonObject or ICelObject;

    public static object? Select(object? target, string field) => target switch
    {
        // Selecting on an optional selects on its value, and none stays none (cel-go's optional chaining).
        CelOptional { HasValue: true } optional => CelOptional.Of(Select(optional.Value, field)),
        CelOptional none => none,
        null or JsonObject or ICelObject when TryLookup(target, field, out var value) => value,
        null or JsonObject or ICelObject => throw new CelException($"no such key: {field}"),
        _ => throw new CelException($"type '{TypeName(target)}' does not support field selection"),
    };

    public static bool Has(object? target, string field) => target switch
    {
        // A JSON null reads as an absent field, as a field Kubernetes dropped when it decoded the object.
        JsonObject map => map.TryGetPropertyValue(field, out var value) && value is not null,
        ICelObject => TryLookup(target, field, out _),
        null => false,
        _ => throw new CelException($"invalid type for field selection."),
    };

    /// <summary>`target.?field`: the field's value as an optional, none when it is absent or the target is none.</summary>
    public static CelOptional OptionalSelect(object? target, string field)
    {
        if (target is CelOptional optional)
        {
            if (!optional.HasValue)
            {
                return optional;
            }
            target = optional.Value;
        }
        if (!IsMap(target))
        {
            throw new CelException($"type '{TypeName(target)}' does not support field selection");
        }
        return TryLookup(target, field, out var value) ? CelOptional.Of(value) : CelOptional.None;
    }

    /// <summary>`target[?index]`: the entry or item as an optional, none when it is absent (or out of range) or the target is none.</summary>
    public static CelOptional OptionalIndex(object? target, object? index)
    {
        if (target is CelOptional optional)
        {
            if (!optional.HasValue)
            {
                return optional;
            }
            target = optional.Value;
        }
        try
        {
            return CelOptional.Of(Index(target, index));
        }
        catch (CelException) when (IsMap(target) ? !TryLookup(target, index, out _) : index is long i && AsListOrNull(target) is { } count && (i < 0 || i >= count))
        {
            return CelOptional.None;
        }
    }

    public static object? Index(object? target, object? index)
    {
        if (target is CelOptional optional)
        {
            return optional.HasValue ? CelOptional.Of(Index(optional.Value, index)) : optional;
        }
        if (AsListOrNull(target) is { } count)
        {
            var i = index switch
            {
                long l => l,
                ulong u when u <= long.MaxValue => (long)u,
                double d when d == Math.Floor(d) && Math.Abs(d) < 9.2e18 => (long)d,
                _ => throw new CelException($"no such overload: {TypeName(target)}[{TypeName(index)}]"),
            };
            if (i < 0 || i >= count)
            {
                throw new CelException($"index out of bounds: {i.ToString(CultureInfo.InvariantCulture)}");
            }
            return target is JsonArray array ? CelConvert.FromJson(array[(int)i]) : ((List<object?>)target!)[(int)i];
        }
        if (IsMap(target))
        {
            return TryLookup(target, index, out var value) ? value : throw new CelException($"no such key: {CelConvert.Format(index)}");
        }
        throw new CelException($"no such overload: {TypeName(target)}[{TypeName(index)}]");
    }

    private static int? AsListOrNull(object? value) => value switch
    {
        List<object?> list => list.Count,
        JsonArray array => array.Count,
        _ => null,
    };

    public static bool In(object? item, object? container)
    {
        if (AsList(container) is { } list)
        {
            return list.Any(i => Equal(item, i));
        }
        if (container is JsonObject or CelMap)
        {
            return TryLookup(container, item, out _);
        }
        throw new CelException($"no such overload: {TypeName(item)} in {TypeName(container)}");
    }

    public static object Compare(string op, object? left, object? right)
    {
        switch (op)
        {
            case "==":
                return Equal(left, right);
            case "!=":
                return !Equal(left, right);
            case "in":
                return In(left, right);
        }
        var order = Order(left, right) ?? throw new CelException($"no such overload: {TypeName(left)} {op} {TypeName(right)}");
        // A NaN orders with nothing: every comparison with it is false.
        return order != int.MinValue && op switch { "<" => order < 0, "<=" => order <= 0, ">" => order > 0, _ => order >= 0 };
    }

    /// <summary>The order of two values CEL can order (sign of the difference), int.MinValue for a NaN, null for none.</summary>
    public static int? Order(object? left, object? right) => (left, right) switch
    {
        (string a, string b) => Math.Sign(string.CompareOrdinal(a, b)),
        (bool a, bool b) => a.CompareTo(b),
        (long a, long b) => a.CompareTo(b),
        (ulong a, ulong b) => a.CompareTo(b),
        (long a, ulong b) => a < 0 ? -1 : ((ulong)a).CompareTo(b),
        (ulong a, long b) => b < 0 ? 1 : a.CompareTo((ulong)b),
        (long or ulong or double, long or ulong or double) => ToDouble(left!) is var a && ToDouble(right!) is var b && (double.IsNaN(a) || double.IsNaN(b))
            ? int.MinValue
            : a.CompareTo(b),
        (CelTime a, CelTime b) => a.CompareTo(b),
        _ => null,
    };

    private static double ToDouble(object value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);

    public static bool Equal(object? left, object? right)
    {
        if (left is null || right is null)
        {
            return left is null && right is null;
        }
        if (left is long or ulong or double && right is long or ulong or double)
        {
            return Order(left, right) == 0;
        }
        if (AsList(left) is { } a)
        {
            return AsList(right) is { } b && a.Count == b.Count && a.Zip(b).All(p => Equal(p.First, p.Second));
        }
        if (left is JsonObject or CelMap)
        {
            return right is JsonObject or CelMap && MapEqual(left, right);
        }
        return Equals(left, right);
    }

    private static bool MapEqual(object left, object right)
    {
        var entries = Entries(left)!.ToList();
        return entries.Count == Entries(right)!.Count()
            && entries.All(p => TryLookup(right, p.Key, out var value) && Equal(p.Value, value));
    }

    public static object Arithmetic(string op, object? left, object? right) => (op, left, right) switch
    {
        ("+", long a, long b) => checked(a + b),
        ("-", long a, long b) => checked(a - b),
        ("*", long a, long b) => checked(a * b),
        ("/", long, 0L) => throw new CelException("division by zero"),
        ("%", long, 0L) => throw new CelException("modulus by zero"),
        ("/" or "%", long.MinValue, -1L) => throw new OverflowException(),
        ("/", long a, long b) => a / b,
        ("%", long a, long b) => a % b,
        ("+", ulong a, ulong b) => checked(a + b),
        ("-", ulong a, ulong b) => checked(a - b),
        ("*", ulong a, ulong b) => checked(a * b),
        ("/", ulong, 0UL) => throw new CelException("division by zero"),
        ("%", ulong, 0UL) => throw new CelException("modulus by zero"),
        ("/", ulong a, ulong b) => a / b,
        ("%", ulong a, ulong b) => a % b,
        ("+", double a, double b) => a + b,
        ("-", double a, double b) => a - b,
        ("*", double a, double b) => a * b,
        ("/", double a, double b) => a / b,
        ("+", string a, string b) => Charged(a.Length + b.Length, a + b),
        ("+", CelTime a, CelTime b) => a.Add(b),
        ("-", CelTime a, CelTime b) => a.Subtract(b),
        ("+", _, _) when AsList(left) is { } a && AsList(right) is { } b => Charged(a.Count + b.Count, a.Concat(b).ToList()),
        _ => throw new CelException($"no such overload: {TypeName(left)} {op} {TypeName(right)}"),
    };

    public static object Negate(object? value) => value switch
    {
        long l => checked(-l),
        double d => -d,
        CelTime t => t.Negate(),
        _ => throw new CelException($"no such overload: -{TypeName(value)}"),
    };

    public static object Size(object? value) => value switch
    {
        string s => (long)s.EnumerateRunes().Count(),
        List<object?> list => (long)list.Count,
        JsonArray list => (long)list.Count,
        JsonObject map => (long)map.Count,
        CelMap map => (long)map.Count,
        _ => throw new CelException($"no such overload: size({TypeName(value)})"),
    };

    /// <summary>The list macros, over a list's items or a map's keys, binding <paramref name="variable"/> for the body.</summary>
    public static object Comprehension(string macro, object? target, string variable, Func<CelScope, object?> body, Func<CelScope, object?>? transform,
        CelScope scope)
    {
        var items = AsList(target) ?? Entries(target)?.Select(p => (object?)p.Key).ToList()
            ?? throw new CelException($"expression of type '{TypeName(target)}' cannot be range of a comprehension");
        object? Apply(object? item)
        {
            CelCost.Charge(1);
            return body(scope.Bind(variable, item));
        }
        switch (macro)
        {
            case "all":
                return Quantifier(items, Apply, decisive: false);
            case "exists":
                return Quantifier(items, Apply, decisive: true);
            case "exists_one":
                return items.Count(i => Bool(Apply(i))) == 1;
            case "filter":
                return items.Where(i => Bool(Apply(i))).ToList();
            default:
                return transform is null
                    ? items.Select(Apply).ToList()
                    : items.Where(i => Bool(Apply(i))).Select(i => transform(scope.Bind(variable, i))).ToList();
        }
    }

    /// <summary>all() and exists() fold with && and ||, so an item that decides the result absorbs another's error.</summary>
    private static bool Quantifier(IReadOnlyList<object?> items, Func<object?, object?> apply, bool decisive)
    {
        CelException? error = null;
        foreach (var item in items)
        {
            try
            {
                if (Bool(apply(item)) == decisive)
                {
                    return decisive;
                }
            }
            catch (CelException ex)
            {
                error ??= ex;
            }
        }
        return error is null ? !decisive : throw error;
    }

    public static string TypeName(object? value) => value switch
    {
        null => "null_type",
        bool => "bool",
        long => "int",
        ulong => "uint",
        double => "double",
        string => "string",
        List<object?> or JsonArray => "list",
        ICelReceiver r => r.TypeName,
        JsonObject or ICelObject => "map",
        CelQuantity => "kubernetes.Quantity",
        CelType => "type",
        CelTime t => t.TypeName,
        CelOptional => "optional_type",
        _ => value.GetType().Name,
    };
}
