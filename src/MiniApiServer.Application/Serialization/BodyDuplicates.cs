using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Serialization;

/// <summary>
/// The keys a request body repeated in one object. A JSON body's are sigs.k8s.io/json's "duplicate field" strict errors,
/// with where each key first appeared, so that they can be told in the order that decoder meets them among the unknown
/// fields. A YAML body's are go-yaml v2's strict errors ("line 10: key \"a\" already set in map"), which
/// sigs.k8s.io/yaml's YAMLToJSONStrict returns as one error before any of the JSON decode's.
/// </summary>
public sealed class BodyDuplicates
{
    // saveStrictError keeps the first 100 strict errors of a decode.
    private const int MaxStrictErrors = 100;

    private readonly IReadOnlyList<(string Path, int Order)> _fields;
    private readonly IReadOnlyDictionary<string, int> _firstSeen;
    private readonly IReadOnlyList<(string Path, int Order)> _unknownMet;

    /// <param name="fields">The repeated keys, the first 100 of them.</param>
    /// <param name="firstSeen">Where the keys an untyped body's unknown fields can be (a JSON patch's members) first appear.</param>
    /// <param name="unknownMet">A typed body's unknown fields as the decode met them, those in a value a later repeat replaced too.</param>
    internal BodyDuplicates(
        IReadOnlyList<(string Path, int Order)> fields, IReadOnlyDictionary<string, int> firstSeen, IReadOnlyList<(string Path, int Order)> unknownMet)
    {
        _fields = fields;
        _firstSeen = firstSeen;
        _unknownMet = unknownMet;
        YamlLines = [];
    }

    internal BodyDuplicates(IReadOnlyList<string> yamlLines)
    {
        _fields = [];
        _firstSeen = new Dictionary<string, int>();
        _unknownMet = [];
        YamlLines = yamlLines;
    }

    /// <summary>go-yaml's strict errors, one per repeated key, each a warning of its own under Warn (parseYAMLWarnings).</summary>
    public IReadOnlyList<string> YamlLines { get; }

    /// <summary>go-yaml's TypeError as a strict decoding error prints it, or null for a JSON body.</summary>
    public string? YamlError => YamlLines.Count == 0 ? null : "yaml: unmarshal errors:\n  " + string.Join("\n  ", YamlLines);

    /// <summary>
    /// One decode's strict errors: the unknown fields (paths as JsonShape.UnknownFields gives them) and the repeated keys,
    /// in the order the decoder meets them, each once, at most 100. A key repeated under an unknown field is not reported:
    /// the decoder skips an unknown field's value unread.
    /// </summary>
    public static List<string> StrictErrors(BodyDuplicates? duplicates, IReadOnlyList<string> unknownPaths, string prefix = "")
    {
        if (duplicates is null || duplicates._fields.Count == 0)
        {
            return [.. unknownPaths.Distinct(StringComparer.Ordinal).Take(MaxStrictErrors).Select(p => $"{prefix}unknown field {GoSyntax.Quote(p)}")];
        }
        // A hash set and a walk up each repeat's own path: comparing every repeat with every unknown field would let one
        // large body of both cost seconds.
        var order = new Dictionary<string, int>(duplicates._firstSeen, StringComparer.Ordinal);
        foreach (var (path, at) in duplicates._unknownMet)
        {
            order.TryAdd(path, at);
        }
        var unknown = unknownPaths.Concat(duplicates._unknownMet.Select(u => u.Path)).ToHashSet(StringComparer.Ordinal);
        var errors = unknown.Select(p => (Order: order.GetValueOrDefault(p, int.MaxValue), Text: $"{prefix}unknown field {GoSyntax.Quote(p)}"))
            .Concat(duplicates._fields.Where(d => !UnderAny(d.Path, unknown))
                .Select(d => (d.Order, Text: $"{prefix}duplicate field {GoSyntax.Quote(d.Path)}")));
        return [.. errors.OrderBy(e => e.Order).Select(e => e.Text).Distinct(StringComparer.Ordinal).Take(MaxStrictErrors)];
    }

    /// <summary>True when <paramref name="path"/> or a path above it ("a.b" and "a" above "a.b[0].c") is an unknown field.</summary>
    private static bool UnderAny(string path, HashSet<string> unknown)
    {
        var lookup = unknown.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var end = path.Length; end > 0; end = path.AsSpan(0, end).LastIndexOfAny('.', '['))
        {
            if (lookup.Contains(path.AsSpan(0, end)))
            {
                return true;
            }
        }
        return false;
    }
}
