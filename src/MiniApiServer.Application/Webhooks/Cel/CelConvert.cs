using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>Between JSON and CEL values, and CEL values printed as cel-go prints them.</summary>
public static class CelConvert
{
    /// <summary>
    /// A JSON value as CEL sees it: objects and arrays stay JSON (read lazily, a field at a time), a number written as an
    /// integer that fits int64 is an int and any other number a double (as unstructured JSON decodes), strings, bools and
    /// null as themselves. Read through the value's kind, since a parsed document's values answer TryGetValue for some
    /// CLR types and not others depending on how they were built.
    /// </summary>
    public static object? FromJson(JsonNode? node)
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
            JsonValueKind.Number => Number(value.ToJsonString()),
            _ => null,
        };
        return result;
    }

    private static object Number(string text) =>
        text.AsSpan().IndexOfAny(".eE") < 0 && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)
            ? (object)l
            : double.Parse(text, CultureInfo.InvariantCulture);

    /// <summary>A value as it reads in a message: a string as itself, anything else as CEL would write it.</summary>
    public static string Format(object? value) => value is string s ? s : Literal(value);

    private static string Literal(object? value) => value switch
    {
        null => "null",
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        ulong u => u.ToString(CultureInfo.InvariantCulture) + "u",
        double d => Double(d),
        // cel-go prints a string with strconv.Quote.
        string s => GoQuote.Of(s),
        CelQuantity or CelType or CelOptional or CelTime => value.ToString()!,
        _ when CelValues.AsList(value) is { } list => "[" + string.Join(", ", list.Select(Literal)) + "]",
        _ when CelValues.Entries(value) is { } map => "{" + string.Join(", ", map.Select(p => Literal(p.Key) + ": " + Literal(p.Value))) + "}",
        _ => value.ToString() ?? "",
    };

    /// <summary>
    /// A double as Go's %g writes it (cel-go's string(double)): the shortest digits that read back the same, in
    /// exponent form when the exponent is below -4 or at least 6 ("1e+06", "1.5e-05"), otherwise plain ("123456", "0.5").
    /// </summary>
    internal static string Double(double d)
    {
        if (double.IsNaN(d))
        {
            return "NaN";
        }
        if (double.IsInfinity(d))
        {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0)
        {
            return double.IsNegative(d) ? "-0" : "0";
        }
        var text = Math.Abs(d).ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        var exponent = e < 0 ? 0 : int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? text : text[..e];
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = mantissa.Replace(".", "", StringComparison.Ordinal);
        // The decimal point's place counted from the first digit, as strconv's decimal has it.
        var point = (dot < 0 ? mantissa.Length : dot) + exponent;
        var lead = digits.Length - digits.TrimStart('0').Length;
        digits = digits[lead..].TrimEnd('0');
        point -= lead;
        var result = new StringBuilder(d < 0 ? "-" : "");
        var exp = point - 1;
        if (exp < -4 || exp >= 6)
        {
            result.Append(digits[0]);
            if (digits.Length > 1)
            {
                result.Append('.').Append(digits, 1, digits.Length - 1);
            }
            result.Append('e').Append(exp < 0 ? '-' : '+').Append(Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture));
        }
        else if (point <= 0)
        {
            result.Append("0.").Append('0', -point).Append(digits);
        }
        else if (point >= digits.Length)
        {
            result.Append(digits).Append('0', point - digits.Length);
        }
        else
        {
            result.Append(digits, 0, point).Append('.').Append(digits, point, digits.Length - point);
        }
        return result.ToString();
    }
}
