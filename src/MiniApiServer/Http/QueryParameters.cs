using System.Globalization;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Http;

/// <summary>
/// Typed query parameters, decoded as upstream's parameter codec does: a number that does not parse is a 400, never
/// silently absent; a flag is apimachinery's Convert_Slice_string_To_bool (runtime/conversion.go).
/// </summary>
public static class QueryParameters
{
    /// <summary>
    /// False when absent, "0" or "false" in any case; true for any other value, an empty one included, so a bare
    /// <c>?watch</c> watches (upstream reads <c>watch</c> as <c>[""]</c>).
    /// </summary>
    public static bool Bool(HttpRequest request, string name)
    {
        if (!request.Query.TryGetValue(name, out var values))
        {
            return false;
        }
        var value = values.Count > 0 ? values[0] ?? "" : "";
        return value != "0" && !value.Equals("false", StringComparison.OrdinalIgnoreCase);
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
