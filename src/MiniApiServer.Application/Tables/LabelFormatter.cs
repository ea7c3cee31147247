using System.Text.Json;

namespace MiniApiServer.Application.Tables;

/// <summary>String forms of label maps and LabelSelectors, as apimachinery's labels package prints them.</summary>
internal static class LabelFormatter
{
    public const string None = "<none>";

    /// <summary>Mirrors <c>labels.FormatLabels</c>: sorted <c>k=v</c> pairs, <c>&lt;none&gt;</c> when empty.</summary>
    public static string FormatLabels(JsonElement? labels)
    {
        var pairs = labels.StringMap()
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{kv.Key}={kv.Value}");
        var text = string.Join(",", pairs);
        return text.Length == 0 ? None : text;
    }

    /// <summary>Mirrors <c>metav1.FormatLabelSelector</c> (LabelSelectorAsSelector + Selector.String()).</summary>
    public static string FormatLabelSelector(JsonElement? selector)
    {
        if (selector is null)
        {
            return None;
        }

        var requirements = new List<(string Key, string Text)>();
        foreach (var (key, v) in selector.Obj("matchLabels").StringMap())
        {
            requirements.Add((key, $"{key}={v}"));
        }

        foreach (var expression in selector.Objects("matchExpressions"))
        {
            var text = FormatExpression(expression);
            if (text is null)
            {
                return "<error>";
            }

            requirements.Add((expression.Str("key"), text));
        }

        // internalSelector.Add sorts requirements by key.
        var formatted = string.Join(",", requirements.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Text));
        return formatted.Length == 0 ? None : formatted;
    }

    private static string? FormatExpression(JsonElement expression)
    {
        var key = expression.Str("key");
        var values = expression.Strings("values")
            .Order(StringComparer.Ordinal)
            .ToList();
        return expression.Str("operator") switch
        {
            "In" when values.Count > 0 => $"{key} in ({string.Join(",", values)})",
            "NotIn" when values.Count > 0 => $"{key} notin ({string.Join(",", values)})",
            "Exists" when values.Count == 0 => key,
            "DoesNotExist" when values.Count == 0 => $"!{key}",
            _ => null,
        };
    }
}
