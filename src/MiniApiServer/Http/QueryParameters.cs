using System.Globalization;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Http;

/// <summary>
/// Typed query parameters, decoded strictly as upstream's parameter codec does (strconv.ParseBool,
/// ParseInt): a value that does not parse is a 400, never silently "false".
/// </summary>
public static class QueryParameters
{
    public static bool Bool(HttpRequest request, string name)
    {
        var value = request.Query[name].ToString();
        return value switch
        {
            "" or "0" or "f" or "F" or "false" or "False" or "FALSE" => false,
            "1" or "t" or "T" or "true" or "True" or "TRUE" => true,
            _ => throw ApiErrors.BadRequest($"invalid value for {name}: strconv.ParseBool: parsing \"{value}\": invalid syntax"),
        };
    }

    /// <summary>timeoutSeconds, capped at a day; null when absent.</summary>
    public static TimeSpan? TimeoutSeconds(HttpRequest request)
    {
        if (!request.Query.TryGetValue("timeoutSeconds", out var ts) || ts.ToString().Length == 0)
        {
            return null;
        }
        if (!long.TryParse(ts, NumberStyles.None, CultureInfo.InvariantCulture, out var secs))
        {
            throw ApiErrors.BadRequest($"invalid timeoutSeconds: \"{ts}\"");
        }
        return TimeSpan.FromSeconds(Math.Min(secs, 24 * 3600));
    }

    /// <summary>An optional integer option (tailLines, limitBytes, sinceSeconds); null when absent.</summary>
    public static long? Int64(HttpRequest request, string name)
    {
        var value = request.Query[name].ToString();
        if (value.Length == 0)
        {
            return null;
        }
        return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw ApiErrors.BadRequest($"invalid value for {name}: strconv.ParseInt: parsing \"{value}\": invalid syntax");
    }
}
