using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using MiniApiServer.Application.Webhooks.Cel;

namespace MiniApiServer.Application.CustomResources;

/// <summary>
/// The string formats a CRD schema's `format` is checked against (apiextensions-apiserver
/// pkg/apiserver/validation/formats.go's supported list, validated by kube-openapi's strfmt registry, whose names
/// ignore dashes: `date-time` is `datetime`). Any other format is not checked, as upstream strips it.
/// </summary>
public static partial class StringFormats
{
    private static readonly Dictionary<string, Func<string, bool>> Checks = new(StringComparer.Ordinal)
    {
        ["bsonobjectid"] = s => ObjectId().IsMatch(s),
        ["uri"] = s => CelUrl.TryParse(s, out _, out _),
        ["email"] = s => Email().IsMatch(s),
        ["hostname"] = s => s.Length <= 255 && Hostname().IsMatch(s),
        ["ipv4"] = s => IPAddress.TryParse(s, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && s.Count(c => c == '.') == 3,
        ["ipv6"] = s => s.Contains(':', StringComparison.Ordinal) && IPAddress.TryParse(s, out _) && !s.Contains('%', StringComparison.Ordinal),
        ["cidr"] = s => CelCidr.TryParse(s, out _, out _),
        ["mac"] = s => Mac().IsMatch(s),
        ["uuid"] = s => Uuid().IsMatch(s),
        ["uuid3"] = s => Uuid3().IsMatch(s),
        ["uuid4"] = s => Uuid4().IsMatch(s),
        ["uuid5"] = s => Uuid5().IsMatch(s),
        ["isbn"] = s => IsIsbn10(s) || IsIsbn13(s),
        ["isbn10"] = IsIsbn10,
        ["isbn13"] = IsIsbn13,
        ["creditcard"] = IsCreditCard,
        ["ssn"] = s => Ssn().IsMatch(s),
        ["hexcolor"] = s => HexColor().IsMatch(s),
        ["rgbcolor"] = s => RgbColor().IsMatch(s),
        ["byte"] = IsBase64,
        ["password"] = _ => true,
        ["date"] = s => DateTime.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
        ["duration"] = s => Duration().IsMatch(s),
        ["datetime"] = IsDateTime,
    };

    /// <summary>Whether <paramref name="s"/> is a valid <paramref name="format"/>; true for a format that is not checked.</summary>
    public static bool IsValid(string format, string s) =>
        !Checks.TryGetValue(format.Replace("-", "", StringComparison.Ordinal), out var check) || check(s);

    [GeneratedRegex("^[0-9a-fA-F]{24}$")]
    private static partial Regex ObjectId();

    [GeneratedRegex(@"^[^\s@<>()\[\]\\,;:""]+@[^\s@<>()\[\]\\,;:""]+$")]
    private static partial Regex Email();

    [GeneratedRegex(@"^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$")]
    private static partial Regex Hostname();

    [GeneratedRegex("^([0-9a-fA-F]{2}([:-])){5}[0-9a-fA-F]{2}$|^([0-9a-fA-F]{2}([:-])){7}[0-9a-fA-F]{2}$|^([0-9a-fA-F]{4}\\.){2}[0-9a-fA-F]{4}$|^([0-9a-fA-F]{4}\\.){3}[0-9a-fA-F]{4}$")]
    private static partial Regex Mac();

    [GeneratedRegex("^(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$")]
    private static partial Regex Uuid();

    [GeneratedRegex("^(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$")]
    private static partial Regex Uuid3();

    [GeneratedRegex("^(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$")]
    private static partial Regex Uuid4();

    [GeneratedRegex("^(?i)[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$")]
    private static partial Regex Uuid5();

    [GeneratedRegex(@"^\d{3}[- ]?\d{2}[- ]?\d{4}$")]
    private static partial Regex Ssn();

    [GeneratedRegex(@"^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|(222[1-9]|22[3-9][0-9]|2[3-6][0-9]{2}|27[01][0-9]|2720)[0-9]{12}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\d{3})\d{11}|6[27][0-9]{14})$")]
    private static partial Regex CreditCard();

    // govalidator's IsISBN10/IsISBN13: spaces and hyphens dropped, then the check digit.
    private static bool IsIsbn10(string s)
    {
        var digits = s.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (digits.Length != 10 || !digits[..9].All(char.IsAsciiDigit) || !(char.IsAsciiDigit(digits[9]) || digits[9] == 'X'))
        {
            return false;
        }
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += (i + 1) * (digits[i] - '0');
        }
        sum += 10 * (digits[9] == 'X' ? 10 : digits[9] - '0');
        return sum % 11 == 0;
    }

    private static bool IsIsbn13(string s)
    {
        var digits = s.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (digits.Length != 13 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }
        var sum = 0;
        for (var i = 0; i < 12; i++)
        {
            sum += (i % 2 == 0 ? 1 : 3) * (digits[i] - '0');
        }
        return (10 - (sum % 10)) % 10 == digits[12] - '0';
    }

    // govalidator's IsCreditCard: every non-digit dropped, a known issuer's pattern, then the Luhn check.
    private static bool IsCreditCard(string s)
    {
        var digits = new string([.. s.Where(char.IsAsciiDigit)]);
        if (!CreditCard().IsMatch(digits))
        {
            return false;
        }
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            sum += i % 2 == 1 ? (d * 2 > 9 ? (d * 2) - 9 : d * 2) : d;
        }
        return sum % 10 == 0;
    }

    [GeneratedRegex("^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")]
    private static partial Regex HexColor();

    [GeneratedRegex(@"^rgb\(\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*\)$")]
    private static partial Regex RgbColor();

    // strfmt.ParseDuration: Go's time.ParseDuration, or a number and a unit (Scala style, "3 days").
    [GeneratedRegex(@"^(([+-]?\d+(\.\d*)?|[+-]?\.\d+)(ns|us|µs|μs|ms|s|m|h))+$|^0$|^\d+\s*(ns|nano(second)?s?|us|µs|micro(second)?s?|ms|milli(second)?s?|s|sec(ond)?s?|m|min(ute)?s?|h|hours?|hr|d|days?|w|wk|weeks?)$")]
    private static partial Regex Duration();

    public static bool IsBase64(string s)
    {
        var buffer = new byte[(s.Length * 3 / 4) + 3];
        return s.Length % 4 == 0 && !s.Any(char.IsWhiteSpace) && Convert.TryFromBase64String(s, buffer, out _);
    }

    // strfmt.ParseDateTime's layouts: RFC 3339 with or without fractions, and without a zone (ISO 8601 local time).
    private static readonly string[] DateTimeLayouts =
        ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm"];

    public static bool IsDateTime(string s) =>
        DateTimeOffset.TryParseExact(s, DateTimeLayouts, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _);
}
