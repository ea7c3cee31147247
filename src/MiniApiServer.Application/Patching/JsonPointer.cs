using System.Globalization;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Patching;

/// <summary>
/// A patch path as gopkg.in/evanphx/json-patch.v4 (v4.12.0, which 1.32's handlers/patch.go applies) reads it, not as
/// RFC 6901 does: findObject splits on "/" and drops the first segment whatever it holds, so "spec/replicas" names the
/// root's "replicas"; an index is strconv.Atoi's (a sign and leading zeros allowed), and a negative one counts from the
/// end (SupportNegativeIndices, true by default).
/// </summary>
internal static class JsonPointer
{
    /// <summary>The decoded segments after the first, or null for a path of one segment (the empty one included).</summary>
    public static string[]? Parse(string path)
    {
        var split = path.Split('/');
        if (split.Length < 2)
        {
            return null;
        }
        var tokens = new string[split.Length - 1];
        for (var i = 1; i < split.Length; i++)
        {
            tokens[i - 1] = split[i].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        }
        return tokens;
    }

    /// <summary>findObject's walk: every segment must lead to an object or an array (a null or scalar on the way is missing).</summary>
    public static bool TryGet(JsonNode? root, ReadOnlySpan<string> tokens, out JsonNode? value)
    {
        value = root;
        foreach (var token in tokens)
        {
            switch (value)
            {
                case JsonObject obj when obj.TryGetPropertyValue(token, out var child):
                    value = child;
                    break;
                case JsonArray array when IndexError(token, array.Count, out var index) is null:
                    value = array[index];
                    break;
                default:
                    value = null;
                    return false;
            }
        }
        return true;
    }

    /// <summary>
    /// partialArray's index among <paramref name="count"/> places (the length, or one more for an add): null, or
    /// strconv's or json-patch's error.
    /// </summary>
    public static string? IndexError(string key, int count, out int index)
    {
        if (!int.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out index))
        {
            return $"strconv.Atoi: parsing {GoSyntax.Quote(key)}: invalid syntax";
        }
        if (index >= count || index < -count)
        {
            return $"Unable to access invalid index: {index}: invalid index referenced";
        }
        if (index < 0)
        {
            index += count;
        }
        return null;
    }
}
