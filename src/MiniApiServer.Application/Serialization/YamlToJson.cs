using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MiniApiServer.Application.Serialization;

/// <summary>
/// Converts one YAML document to JSON the way sigs.k8s.io/yaml does: plain scalars are typed as go-yaml v2 types
/// them (<see cref="YamlScalar"/>), quoted scalars stay strings. Aliases are copies of their anchors, within go-yaml's
/// budget for them (<see cref="YamlAliases"/>).
/// </summary>
public static class YamlToJson
{
    private const int MaxDepth = MergingParserGuard.MaxDepth;

    private static readonly HashSet<string> StandardTags = new(
        new[] { "str", "int", "float", "bool", "null", "map", "seq", "timestamp" }.Select(t => "tag:yaml.org,2002:" + t), StringComparer.Ordinal);

    public static JsonNode? Convert(string yaml) => Convert(yaml, out _);

    /// <param name="duplicateKeys">
    /// go-yaml v2's strict errors for keys set twice in one mapping (decode.go's setMapIndex: the line of the second
    /// value). Without strictness go-yaml keeps the last value, and so does the result.
    /// </param>
    public static JsonNode? Convert(string yaml, out IReadOnlyList<string> duplicateKeys)
    {
        using var reader = new StringReader(yaml);
        IParser parser = new MergingParserGuard(new Parser(reader));
        var duplicates = new List<string>();
        duplicateKeys = duplicates;
        var aliases = new YamlAliases(MaxDepth);
        parser.Consume<StreamStart>();
        if (parser.TryConsume<StreamEnd>(out _))
        {
            return null;
        }
        parser.Consume<DocumentStart>();
        var root = ToJson(parser, 0, duplicates, aliases);
        parser.Consume<DocumentEnd>();
        if (!parser.TryConsume<StreamEnd>(out _))
        {
            throw new FormatException("expected a single YAML document");
        }
        return root;
    }

    private static JsonNode? ToJson(IParser parser, int depth, List<string> duplicates, YamlAliases aliases)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException($"YAML nesting exceeds {MaxDepth} levels");
        }
        var mark = aliases.Decode(depth);
        if (parser.TryConsume<AnchorAlias>(out var alias))
        {
            var copy = aliases.Expand(alias.Value.Value, depth);
            aliases.Decoded(null, copy, mark, depth);
            return copy;
        }
        RefuseApplicationTag(parser);
        var anchor = parser.Current is NodeEvent { Anchor.IsEmpty: false } anchored ? anchored.Anchor.Value : null;
        var node = Node(parser, depth, duplicates, aliases);
        aliases.Decoded(anchor, node, mark, depth);
        return node;
    }

    private static JsonNode? Node(IParser parser, int depth, List<string> duplicates, YamlAliases aliases)
    {
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            return Scalar(scalar);
        }
        if (parser.TryConsume<SequenceStart>(out _))
        {
            var arr = new JsonArray();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                arr.Add(ToJson(parser, depth + 1, duplicates, aliases));
            }
            return arr;
        }
        if (parser.TryConsume<MappingStart>(out _))
        {
            return Mapping(parser, depth, duplicates, aliases);
        }
        throw new FormatException("unsupported YAML node");
    }

    /// <summary>go-yaml refuses application tags (!!python/object...) rather than guessing a type for them.</summary>
    private static void RefuseApplicationTag(IParser parser)
    {
        if (parser.Current is NodeEvent { Tag: { IsEmpty: false, IsNonSpecific: false } tag } && !StandardTags.Contains(tag.Value))
        {
            throw new FormatException($"unsupported YAML tag {tag.Value}");
        }
    }

    private static JsonObject Mapping(IParser parser, int depth, List<string> duplicates, YamlAliases aliases)
    {
        var entries = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        // go-yaml compares resolved keys: 1 and 0x1 are one int key, "1" and 1 two keys that JSON then writes alike.
        var seen = new HashSet<(Type?, string)>();
        while (!parser.TryConsume<MappingEnd>(out _))
        {
            RefuseApplicationTag(parser);
            if (!parser.TryConsume<Scalar>(out var key))
            {
                throw new FormatException("mapping keys must be scalars");
            }
            aliases.DecodedKey();
            var line = parser.Current?.Start.Line ?? key.Start.Line;
            var value = ToJson(parser, depth + 1, duplicates, aliases);
            var resolved = YamlScalar.Resolve(key);
            var name = YamlScalar.KeyText(resolved);
            // NaN equals nothing, itself included, so a .nan key is never a repeat.
            if (resolved is not double.NaN && !seen.Add((resolved?.GetType(), name)))
            {
                duplicates.Add($"line {line.ToString(CultureInfo.InvariantCulture)}: key {YamlScalar.GoSyntax(resolved)} already set in map");
            }
            entries[name] = value;
        }
        // sigs.k8s.io/yaml writes the JSON from a Go map, whose keys come out sorted.
        return new JsonObject(entries);
    }

    private static JsonNode? Scalar(Scalar scalar) => YamlScalar.Resolve(scalar) switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        ulong u => JsonValue.Create(u),
        // encoding/json cannot write these, so sigs.k8s.io/yaml's YAMLToJSON fails.
        double d when double.IsNaN(d) => throw new FormatException("json: unsupported value: NaN"),
        double d when double.IsInfinity(d) => throw new FormatException($"json: unsupported value: {(d > 0 ? "+Inf" : "-Inf")}"),
        double d => JsonValue.Create(d),
        var other => throw new InvalidOperationException($"unexpected YAML scalar {other}"),
    };
}
