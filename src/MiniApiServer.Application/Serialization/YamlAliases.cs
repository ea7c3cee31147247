using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Serialization;

/// <summary>
/// Anchors and aliases as go-yaml v2 (sigs.k8s.io/yaml's goyaml.v2 decode.go) expands them: an alias is a copy of its
/// anchor's node, and every node decoded counts, those decoded through an alias also as aliased. A document whose
/// aliased share passes allowedAliasRatio ("billion laughs") is refused before the copy is made, and so is a copy that
/// would nest deeper than the reader's limit (anchors wrapping anchors deepen by one each, which recursion could not take).
/// </summary>
internal sealed class YamlAliases(int maxDepth)
{
    // decode.go: 400,000 decodes is ~500 KB of dense declarations; up to it 99% may come from aliases, past 4,000,000 only 10%.
    private const long RatioRangeLow = 400_000;
    private const long RatioRangeHigh = 4_000_000;

    private readonly Dictionary<string, (JsonNode? Node, long Decodes, int Height)> _anchors = new(StringComparer.Ordinal);
    private long _decodes;
    private long _aliased;
    private int _deepest;

    /// <summary>A node at <paramref name="depth"/> is decoded; the mark measures what it costs if it is anchored.</summary>
    public (long Decodes, int Deepest) Decode(int depth)
    {
        var mark = (_decodes, _deepest);
        _decodes++;
        _deepest = depth;
        return mark;
    }

    /// <summary>go-yaml decodes a mapping's keys as nodes too, so they count among the decodes.</summary>
    public void DecodedKey() => _decodes++;

    /// <summary>The node decoded since <paramref name="mark"/> is done, and kept under its anchor name if it has one.</summary>
    public void Decoded(string? anchor, JsonNode? node, (long Decodes, int Deepest) mark, int depth)
    {
        if (anchor is not null)
        {
            _anchors[anchor] = (node, _decodes - mark.Decodes, _deepest - depth);
        }
        _deepest = Math.Max(_deepest, mark.Deepest);
    }

    /// <summary>A copy of the anchored node placed at <paramref name="depth"/>, counted as go-yaml counts its expansion.</summary>
    public JsonNode? Expand(string name, int depth)
    {
        if (!_anchors.TryGetValue(name, out var anchored))
        {
            throw new FormatException($"unknown anchor '{name}' referenced");
        }
        _decodes += anchored.Decodes;
        _aliased += anchored.Decodes;
        if (_aliased > 100 && _decodes > 1000 && (double)_aliased / _decodes > AllowedRatio(_decodes))
        {
            throw new FormatException("document contains excessive aliasing");
        }
        if (depth + anchored.Height > maxDepth)
        {
            throw new FormatException($"YAML nesting exceeds {maxDepth} levels");
        }
        _deepest = Math.Max(_deepest, depth + anchored.Height);
        return anchored.Node?.DeepClone();
    }

    private static double AllowedRatio(long decodes) => decodes switch
    {
        <= RatioRangeLow => 0.99,
        >= RatioRangeHigh => 0.10,
        _ => 0.99 - (0.89 * (decodes - RatioRangeLow) / (RatioRangeHigh - RatioRangeLow)),
    };
}
