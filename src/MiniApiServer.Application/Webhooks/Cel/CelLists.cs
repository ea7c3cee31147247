namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>The list methods of Kubernetes' lists library (isSorted, sum, min, max, indexOf, lastIndexOf) and cel-go's join.</summary>
internal static class CelLists
{
    public static object? Call(string name, object? target, IReadOnlyList<object?> list, object?[] args) => (name, args) switch
    {
        ("size", []) => (long)list.Count,
        ("isSorted", []) => list.Zip(list.Skip(1)).All(p => Order(p.First, p.Second) <= 0),
        ("sum", []) => list.Aggregate((object?)null, (sum, item) => sum is null ? Summand(item) : CelValues.Arithmetic("+", sum, item)) ?? 0L,
        ("min", []) => Extreme(name, list, -1),
        ("max", []) => Extreme(name, list, 1),
        ("indexOf", [var item]) => (long)IndexWhere(list, item, Enumerable.Range(0, list.Count)),
        ("lastIndexOf", [var item]) => (long)IndexWhere(list, item, Enumerable.Range(0, list.Count).Reverse()),
        ("join", []) => Join(name, target, list, ""),
        ("join", [string separator]) => Join(name, target, list, separator),
        _ => throw CelMethods.NoOverload(name, target, args),
    };

    private static object? Summand(object? item) => item is long or ulong or double or CelTime ? item : throw new CelException($"no such overload: sum of {CelValues.TypeName(item)}");

    private static int Order(object? a, object? b) =>
        CelValues.Order(a, b) ?? throw new CelException($"no such overload: {CelValues.TypeName(a)} < {CelValues.TypeName(b)}");

    private static object? Extreme(string name, IReadOnlyList<object?> list, int wanted)
    {
        if (list.Count == 0)
        {
            throw new CelException($"{name} called on empty list");
        }
        var best = list[0];
        Order(best, best);
        foreach (var item in list.Skip(1))
        {
            if (Order(item, best) == wanted)
            {
                best = item;
            }
        }
        return best;
    }

    private static int IndexWhere(IReadOnlyList<object?> list, object? item, IEnumerable<int> order)
    {
        foreach (var i in order)
        {
            if (CelValues.Equal(list[i], item))
            {
                return i;
            }
        }
        return -1;
    }

    private static string Join(string name, object? target, IReadOnlyList<object?> list, string separator) =>
        string.Join(separator, list.Select(i => i as string ?? throw CelMethods.NoOverload(name, target, [separator])));
}
