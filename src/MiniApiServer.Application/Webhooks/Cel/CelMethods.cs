namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>
/// The receiver-style functions (`x.f(...)`) this evaluator knows, by name and argument count, checked when compiling;
/// which overload applies is decided by the receiver's value when evaluating, as CEL does for dynamic values.
/// </summary>
internal static class CelMethods
{
    private static readonly Dictionary<string, int[]> Arities = new(StringComparer.Ordinal)
    {
        ["size"] = [0],
        ["startsWith"] = [1],
        ["endsWith"] = [1],
        ["contains"] = [1],
        ["matches"] = [1],
        ["find"] = [1],
        ["findAll"] = [1, 2],
        ["lowerAscii"] = [0],
        ["upperAscii"] = [0],
        ["trim"] = [0],
        ["reverse"] = [0],
        ["charAt"] = [1],
        ["indexOf"] = [1, 2],
        ["lastIndexOf"] = [1, 2],
        ["replace"] = [2, 3],
        ["split"] = [1, 2],
        ["substring"] = [1, 2],
        ["join"] = [0, 1],
        ["isSorted"] = [0],
        ["sum"] = [0],
        ["min"] = [0],
        ["max"] = [0],
        ["isGreaterThan"] = [1],
        ["isLessThan"] = [1],
        ["compareTo"] = [1],
        ["add"] = [1],
        ["sub"] = [1],
        ["sign"] = [0],
        ["isInteger"] = [0],
        ["asInteger"] = [0],
        ["asApproximateFloat"] = [0],
        ["format"] = [1],
        ["hasValue"] = [0],
        ["value"] = [0],
        // The authorizer library (authz.go).
        ["path"] = [1],
        ["group"] = [1],
        ["serviceAccount"] = [2],
        ["resource"] = [1],
        ["subresource"] = [1],
        ["namespace"] = [1],
        ["name"] = [1],
        ["check"] = [1],
        ["fieldSelector"] = [1],
        ["labelSelector"] = [1],
        ["allowed"] = [0],
        ["reason"] = [0],
        ["errored"] = [0],
        ["error"] = [0],
        // The ip, cidr and url libraries (ip.go, cidr.go, urls.go).
        ["family"] = [0],
        ["isUnspecified"] = [0],
        ["isLoopback"] = [0],
        ["isLinkLocalMulticast"] = [0],
        ["isLinkLocalUnicast"] = [0],
        ["isGlobalUnicast"] = [0],
        ["containsIP"] = [1],
        ["containsCIDR"] = [1],
        ["ip"] = [0],
        ["masked"] = [0],
        ["prefixLength"] = [0],
        ["getScheme"] = [0],
        ["getHost"] = [0],
        ["getHostname"] = [0],
        ["getPort"] = [0],
        ["getEscapedPath"] = [0],
        ["getQuery"] = [0],
        // The format library (format.go).
        ["validate"] = [1],
    };

    public static bool Knows(string name, int arity) => Arities.TryGetValue(name, out var counts) && counts.Contains(arity);

    public static object? Call(string name, object? target, object?[] args) => target switch
    {
        string s => CelStrings.Call(name, s, args),
        CelQuantity q => CelQuantities.Call(name, q, args),
        ICelReceiver receiver => receiver.Call(name, args),
        CelOptional o when args.Length == 0 && name is "hasValue" or "value" => name == "hasValue" ? o.HasValue : o.Value,
        _ when CelValues.AsList(target) is { } list => CelLists.Call(name, target, list, args),
        _ when name == "size" && args.Length == 0 => CelValues.Size(target),
        _ => throw NoOverload(name, target, args),
    };

    public static CelException NoOverload(string name, object? target, object?[] args) =>
        new($"no such overload: {CelValues.TypeName(target)}.{name}({string.Join(", ", args.Select(CelValues.TypeName))})");
}
