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
        !Checks.TryGetValue(format.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant(), out var check) || check(s);

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
