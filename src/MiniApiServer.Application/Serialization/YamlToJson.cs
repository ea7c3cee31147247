using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MiniApiServer.Application.Serialization;

/// <summary>
/// Converts one YAML document to JSON the way sigs.k8s.io/yaml does: plain scalars are typed (bool, null,
/// number), quoted scalars stay strings. Aliases are refused outright, which also defuses "billion laughs".
/// </summary>
public static class YamlToJson
{
    private const int MaxDepth = MergingParserGuard.MaxDepth;

    private static readonly HashSet<string> StandardTags = new(
        new[] { "str", "int", "float", "bool", "null", "map", "seq", "timestamp" }.Select(t => "tag:yaml.org,2002:" + t), StringComparer.Ordinal);

    public static JsonNode? Convert(string yaml)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(yaml);
        stream.Load(new MergingParserGuard(new Parser(reader)));
        if (stream.Documents.Count == 0)
        {
            return null;
        }
        if (stream.Documents.Count > 1)
        {
            throw new FormatException("expected a single YAML document");
        }
        return ToJson(stream.Documents[0].RootNode, 0);
    }

    private static JsonNode? ToJson(YamlNode node, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException($"YAML nesting exceeds {MaxDepth} levels");
        }
        if (!node.Tag.IsEmpty && !node.Tag.IsNonSpecific && !StandardTags.Contains(node.Tag.Value))
        {
            // go-yaml refuses application tags (!!python/object...) rather than guessing a type for them.
            throw new FormatException($"unsupported YAML tag {node.Tag.Value}");
        }
        switch (node)
        {
            case YamlMappingNode map:
                var obj = new JsonObject();
                foreach (var (k, v) in map.Children)
                {
                    var key = k is YamlScalarNode ks ? ks.Value ?? "" : throw new FormatException("mapping keys must be scalars");
                    if (obj.ContainsKey(key))
                    {
                        throw new FormatException($"duplicate key \"{key}\"");
                    }
                    obj[key] = ToJson(v, depth + 1);
                }
                return obj;
            case YamlSequenceNode seq:
                var arr = new JsonArray();
                foreach (var item in seq.Children)
                {
                    arr.Add(ToJson(item, depth + 1));
                }
                return arr;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                throw new FormatException("unsupported YAML node");
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain || (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value == "tag:yaml.org,2002:str"))
        {
            return JsonValue.Create(value);
        }
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return JsonValue.Create(l);
        }
        if (value.Length > 0 && (char.IsDigit(value[0]) || value[0] is '-' or '+' or '.')
            && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            && !double.IsInfinity(d) && !double.IsNaN(d))
        {
            return JsonValue.Create(d);
        }
        return JsonValue.Create(value);
    }
}
