using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Serialization;

/// <summary>
/// fmt's %v (and %+v) of what k8s.io/apimachinery's json.Unmarshal makes of a JSON document: <c>map[a:1 b:[x y]]</c>,
/// keys sorted, strings bare, whole numbers that fit as int64, other numbers as float64 in %g's shortest form
/// (<c>1.5</c>, <c>1.2345675e+06</c>), null as <c>&lt;nil&gt;</c>. A strategic merge patch's 422 names its patch so.
/// </summary>
public static class GoValueText
{
    public static string Of(JsonNode? node)
    {
        var text = new StringBuilder();
        Append(text, node);
        return text.ToString();
    }

    private static void Append(StringBuilder text, JsonNode? node)
    {
        switch (node)
        {
            case null:
                text.Append("<nil>");
                break;
            case JsonObject obj:
                text.Append("map[");
                var first = true;
                // fmt sorts a map's string keys by their bytes, which ordinal UTF-16 order matches outside surrogates.
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    text.Append(first ? "" : " ").Append(key).Append(':');
                    Append(text, value);
                    first = false;
                }
                text.Append(']');
                break;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    text.Append(i == 0 ? "" : " ");
                    Append(text, array[i]);
                }
                text.Append(']');
                break;
            case JsonValue value:
                text.Append(Scalar(value));
                break;
        }
    }

    private static string Scalar(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)
            ? whole.ToString(CultureInfo.InvariantCulture)
            : Float(double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)),
        _ => "<nil>",
    };

    /// <summary>strconv.FormatFloat(f, 'g', -1, 64): the shortest digits, as %e when the exponent is below -4 or at least 6.</summary>
    public static string Float(double f)
    {
        if (double.IsInfinity(f))
        {
            return f > 0 ? "+Inf" : "-Inf";
        }
        if (f == 0)
        {
            return double.IsNegative(f) ? "-0" : "0";
        }
        // "E16" rounds; "R" is the shortest text that reads back, from which the digits and the exponent are taken.
        var shortest = Math.Abs(f).ToString("R", CultureInfo.InvariantCulture);
        var e = shortest.IndexOfAny(['E', 'e']);
        var mantissa = e < 0 ? shortest : shortest[..e];
        var exponent = e < 0 ? 0 : int.Parse(shortest[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.');
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        var point = (dot < 0 ? mantissa.Length : dot) + exponent;
        var lead = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        point -= lead;
        var exp = point - 1;
        var sign = f < 0 ? "-" : "";
        if (exp < -4 || exp >= 6)
        {
            var frac = digits.Length > 1 ? "." + digits[1..] : "";
            return $"{sign}{digits[0]}{frac}e{(exp < 0 ? '-' : '+')}{Math.Abs(exp):00}";
        }
        if (point <= 0)
        {
            return $"{sign}0.{new string('0', -point)}{digits}";
        }
        return digits.Length <= point
            ? sign + digits + new string('0', point - digits.Length)
            : $"{sign}{digits[..point]}.{digits[point..]}";
    }
}
