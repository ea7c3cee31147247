using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace MiniApiServer.Application.Serialization;

/// <summary>
/// A YAML scalar resolved as go-yaml v2 (sigs.k8s.io/yaml's goyaml.v2/resolve.go) resolves it: YAML 1.1, so a plain
/// <c>yes</c>, <c>on</c> or <c>y</c> is a bool, <c>0x1F</c>, <c>017</c> (octal) and <c>1_000</c> are ints, and a quoted
/// or <c>!!str</c> scalar is a string. Timestamps stay strings, as go-yaml leaves them in an interface{}.
/// </summary>
internal static partial class YamlScalar
{
    private static readonly Dictionary<string, object?> Named = new(StringComparer.Ordinal)
    {
        ["y"] = true, ["Y"] = true, ["yes"] = true, ["Yes"] = true, ["YES"] = true,
        ["true"] = true, ["True"] = true, ["TRUE"] = true, ["on"] = true, ["On"] = true, ["ON"] = true,
        ["n"] = false, ["N"] = false, ["no"] = false, ["No"] = false, ["NO"] = false,
        ["false"] = false, ["False"] = false, ["FALSE"] = false, ["off"] = false, ["Off"] = false, ["OFF"] = false,
        [""] = null, ["~"] = null, ["null"] = null, ["Null"] = null, ["NULL"] = null,
        [".nan"] = double.NaN, [".NaN"] = double.NaN, [".NAN"] = double.NaN,
        [".inf"] = double.PositiveInfinity, [".Inf"] = double.PositiveInfinity, [".INF"] = double.PositiveInfinity,
        ["+.inf"] = double.PositiveInfinity, ["+.Inf"] = double.PositiveInfinity, ["+.INF"] = double.PositiveInfinity,
        ["-.inf"] = double.NegativeInfinity, ["-.Inf"] = double.NegativeInfinity, ["-.INF"] = double.NegativeInfinity,
    };

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex YamlStyleFloat();

    /// <summary>A string, a bool, a long, a ulong, a double or null.</summary>
    public static object? Resolve(Scalar scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain || (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value == "tag:yaml.org,2002:str"))
        {
            return value;
        }
        // resolveTable's hint: the first character says what the scalar may be; anything else is a string.
        var hint = value.Length == 0 ? 'M' : value[0] switch
        {
            '+' or '-' => 'S',
            >= '0' and <= '9' => 'D',
            'y' or 'Y' or 'n' or 'N' or 't' or 'T' or 'f' or 'F' or 'o' or 'O' or '~' => 'M',
            '.' => '.',
            _ => '\0',
        };
        if (hint == '\0')
        {
            return value;
        }
        if (Named.TryGetValue(value, out var named))
        {
            return named;
        }
        if (hint == '.')
        {
            return ParseGoFloat(value) is { } f ? f : value;
        }
        if (hint == 'M')
        {
            return value;
        }
        var plain = value.Replace("_", "", StringComparison.Ordinal);
        // ParseInt, then ParseUint, then a float: whatever fails (syntax or range) falls to the next.
        return ParseGoInteger(plain) ?? (YamlStyleFloat().IsMatch(plain) && ParseGoFloat(plain) is { } d ? d : value);
    }

    /// <summary>strconv.ParseFloat: a value beyond a double's range is ErrRange, so the scalar stays a string.</summary>
    private static double? ParseGoFloat(string s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : null;

    /// <summary>
    /// strconv.ParseInt(s, 0, 64) as a long, else ParseUint(s, 0, 64) (no sign) as a ulong, else null: a sign, then 0x,
    /// 0o, 0b or a leading 0 (octal) for the base. The digits are read once, and the first one past 64 bits stops it.
    /// </summary>
    private static object? ParseGoInteger(string s)
    {
        var sign = s.Length > 0 && s[0] is '+' or '-' ? s[0] : '\0';
        var digits = sign == '\0' ? s : s[1..];
        var (radix, body) = digits.Length > 1 && digits[0] == '0'
            ? char.ToLowerInvariant(digits[1]) switch
            {
                'x' => (16u, digits[2..]),
                'o' => (8u, digits[2..]),
                'b' => (2u, digits[2..]),
                _ => (8u, digits[1..]),
            }
            : (10u, digits);
        if (body.Length == 0)
        {
            return null;
        }
        ulong magnitude = 0;
        foreach (var c in body)
        {
            var digit = c is >= '0' and <= '9' ? (uint)(c - '0') : c is >= 'a' and <= 'f' ? (uint)(c - 'a' + 10) : c is >= 'A' and <= 'F' ? (uint)(c - 'A' + 10) : 99u;
            if (digit >= radix || magnitude > (ulong.MaxValue - digit) / radix)
            {
                return null;
            }
            magnitude = magnitude * radix + digit;
        }
        return sign == '-'
            ? magnitude <= 1UL << 63 ? (long)(0UL - magnitude) : null
            : magnitude <= long.MaxValue ? (long)magnitude
            : sign == '\0' ? magnitude : null;
    }

    /// <summary>The value as a map key: sigs.k8s.io/yaml's convertToJSONableObject writes ints, floats and bools as text.</summary>
    public static string KeyText(object? resolved) => resolved switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double.PositiveInfinity => ".inf",
        double.NegativeInfinity => "-.inf",
        double d when double.IsNaN(d) => ".nan",
        // strconv.FormatFloat(f, 'g', -1, 32): the shortest text of the float32 (Go writes 1e+06 where this writes 1000000).
        double d => ((float)d).ToString(CultureInfo.InvariantCulture),
        _ => throw new FormatException($"unsupported map key of type: {(resolved is ulong ? "uint64" : "<nil>")}"),
    };

    /// <summary>The value as %#v prints it in go-yaml's "key ... already set in map".</summary>
    public static string GoSyntax(object? resolved) => resolved switch
    {
        null => "<nil>",
        string s => Errors.GoSyntax.Quote(s),
        bool b => b ? "true" : "false",
        double d => d.ToString(CultureInfo.InvariantCulture),
        _ => Convert.ToString(resolved, CultureInfo.InvariantCulture)!,
    };
}
