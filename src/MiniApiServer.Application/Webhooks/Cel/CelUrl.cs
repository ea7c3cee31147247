using System.Text;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>
/// kubernetes.URL of Kubernetes' url library (k8s.io/apiserver/pkg/cel/library/urls.go): an absolute URI or an absolute
/// path, accepted as Go's url.ParseRequestURI accepts it, its parts read as url.Parse splits them.
/// </summary>
public sealed record CelUrl(string Scheme, string Host, string RawPath, string RawQuery) : ICelReceiver
{
    public string TypeName => "kubernetes.URL";

    public static CelUrl Parse(string raw) =>
        TryParse(raw, out var url, out var error) ? url : throw new CelException($"URL parse error during conversion from string: parse \"{raw}\": {error}");

    public static bool TryParse(string raw, out CelUrl url, out string error)
    {
        url = null!;
        error = Refusal(raw) ?? "";
        if (error.Length > 0)
        {
            return false;
        }
        if (raw == "*")
        {
            // ParseRequestURI's special case: the path is "*".
            url = new CelUrl("", "", "*", "");
            return true;
        }
        // url.Parse cuts the fragment first (ParseRequestURI would keep it in the path or query).
        var (scheme, host, path, query) = Split(raw.Split('#')[0]);
        url = new CelUrl(scheme?.ToLowerInvariant() ?? "", host ?? "", path.StartsWith('/') ? path : "", query);
        return true;
    }

    /// <summary>A URL's scheme, its authority's host (only after a scheme and "//"), path and query, as url.parse cuts them.</summary>
    private static (string? Scheme, string? Host, string Path, string Query) Split(string text)
    {
        var scheme = SchemeOf(text);
        var rest = scheme is null ? text : text[(scheme.Length + 1)..];
        var query = "";
        if (rest.IndexOf('?') is var q and >= 0)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
        }
        if (scheme is null || !rest.StartsWith("//", StringComparison.Ordinal))
        {
            return (scheme, null, rest, query);
        }
        var end = rest.IndexOf('/', 2) is var slash and >= 0 ? slash : rest.Length;
        var authority = rest[2..end];
        return (scheme, authority[(authority.LastIndexOf('@') + 1)..], rest[end..], query);
    }

    /// <summary>url.ParseRequestURI's error for <paramref name="raw"/>, or null when it parses.</summary>
    private static string? Refusal(string raw)
    {
        if (raw.Any(c => c < 0x20 || c == 0x7f))
        {
            return "net/url: invalid control character in URL";
        }
        if (raw.Length == 0)
        {
            return "empty url";
        }
        if (raw == "*")
        {
            return null;
        }
        if (raw[0] == ':')
        {
            return "missing protocol scheme";
        }
        var (scheme, host, path, _) = Split(raw);
        if (host is null && !path.StartsWith('/'))
        {
            return scheme is null ? "invalid URI for request" : null;
        }
        return (host is null ? null : HostRefusal(host)) ?? EscapeRefusal(path);
    }

    private static string? SchemeOf(string raw)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (char.IsAsciiLetter(c) || (i > 0 && (char.IsAsciiDigit(c) || c is '+' or '-' or '.')))
            {
                continue;
            }
            return c == ':' && i > 0 ? raw[..i] : null;
        }
        return null;
    }

    private static string? HostRefusal(string host)
    {
        var port = "";
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']');
            if (close < 0)
            {
                return "missing ']' in host";
            }
            port = host[(close + 1)..];
            if (port.Length > 0 && port[0] != ':')
            {
                return $"invalid port \"{port}\" after host";
            }
        }
        else if (host.LastIndexOf(':') is var colon and >= 0)
        {
            port = host[colon..];
        }
        if (port.Length > 0 && port[1..].Any(c => !char.IsAsciiDigit(c)))
        {
            return $"invalid port \"{port}\" after host";
        }
        // parseHost's unescape in host mode: only these ASCII characters may be written as they are.
        if (host.FirstOrDefault(c => c < 0x80 && !char.IsAsciiLetterOrDigit(c) && !"-._~!$&'()*+,;=:[]%\"<>".Contains(c)) is var bad and not '\0')
        {
            return $"invalid character {CelIP.GoQuote(bad.ToString())} in host name";
        }
        return EscapeRefusal(host);
    }

    private static string? EscapeRefusal(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2])))
            {
                var bad = text[i..Math.Min(text.Length, i + 3)];
                return $"invalid URL escape \"{bad}\"";
            }
        }
        return null;
    }

    /// <summary>
    /// url.URL.EscapedPath: the path as written when every character may stand as it is (validEncoded), else the
    /// unescaped path escaped again in path mode (only unreserved characters and $&amp;+,/:;=@ kept).
    /// </summary>
    private string EscapedPath()
    {
        if (RawPath.All(c => char.IsAsciiLetterOrDigit(c) || "-._~!$&'()*+,;=:@[]/%".Contains(c)))
        {
            return RawPath;
        }
        var text = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(Uri.UnescapeDataString(RawPath)))
        {
            var c = (char)b;
            if (b < 0x80 && (char.IsAsciiLetterOrDigit(c) || "-._~$&+,/:;=@".Contains(c)))
            {
                text.Append(c);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return text.ToString();
    }

    /// <summary>url.ParseQuery: keys and values unescaped ('+' a space), each key's values in order; a pair with ';' or a bad escape is skipped.</summary>
    private JsonObject Query()
    {
        var query = new JsonObject();
        foreach (var pair in RawQuery.Split('&'))
        {
            if (pair.Length == 0 || pair.Contains(';'))
            {
                continue;
            }
            var eq = pair.IndexOf('=');
            var (key, value) = eq < 0 ? (pair, "") : (pair[..eq], pair[(eq + 1)..]);
            if (EscapeRefusal(key) is not null || EscapeRefusal(value) is not null)
            {
                continue;
            }
            key = Uri.UnescapeDataString(key.Replace('+', ' '));
            value = Uri.UnescapeDataString(value.Replace('+', ' '));
            if (query[key] is not JsonArray values)
            {
                query[key] = values = [];
            }
            values.Add(value);
        }
        return query;
    }

    /// <summary>url.splitHostPort: the port after the last colon when it is all digits, then the host without brackets.</summary>
    private (string Host, string Port) SplitHostPort()
    {
        var (host, port) = (Host, "");
        var colon = host.LastIndexOf(':');
        if (colon >= 0 && host[(colon + 1)..].All(char.IsAsciiDigit))
        {
            (host, port) = (host[..colon], host[(colon + 1)..]);
        }
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        return (host, port);
    }

    public object? Call(string name, object?[] args) => (name, args.Length) switch
    {
        ("getScheme", 0) => Scheme,
        ("getHost", 0) => Host,
        ("getHostname", 0) => SplitHostPort().Host,
        ("getPort", 0) => SplitHostPort().Port,
        ("getEscapedPath", 0) => EscapedPath(),
        ("getQuery", 0) => Query(),
        _ => throw CelMethods.NoOverload(name, this, args),
    };
}
