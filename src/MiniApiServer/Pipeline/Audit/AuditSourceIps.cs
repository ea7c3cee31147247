using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MiniApiServer.Pipeline.Audit;

/// <summary>
/// k8s.io/apimachinery/pkg/util/net/http.go SourceIPs, the event's sourceIPs: each valid X-Forwarded-For address, then
/// X-Real-Ip unless the chain already has it, then the connection's own address unless it is the chain's last. Only the
/// last cannot be set by the client, which is why upstream always keeps it.
/// </summary>
internal static class AuditSourceIps
{
    public static List<string> Of(HttpContext context)
    {
        var ips = new List<string>();
        var headers = context.Request.Headers;
        // http.Header.Get reads a header's first value only.
        if (headers["X-Forwarded-For"].FirstOrDefault() is { Length: > 0 } forwarded)
        {
            foreach (var part in forwarded.Split(','))
            {
                if (Parse(part.Trim()) is { } ip)
                {
                    ips.Add(ip);
                }
            }
        }
        if (headers["X-Real-Ip"].FirstOrDefault() is { Length: > 0 } real && Parse(real) is { } realIp && !ips.Contains(realIp))
        {
            ips.Add(realIp);
        }
        if (context.Connection.RemoteIpAddress is { } remote && Canonical(remote) is var remoteIp && (ips.Count == 0 || ips[^1] != remoteIp))
        {
            ips.Add(remoteIp);
        }
        return ips;
    }

    /// <summary>
    /// Go's net.ParseIP, stricter than IPAddress.TryParse: a dotted quad without leading zeros, or an IPv6 address
    /// without zone or brackets; printed as net.IP.String does, an IPv4-mapped address as IPv4.
    /// </summary>
    private static string? Parse(string text)
    {
        if (text.Contains(':'))
        {
            return text.IndexOfAny(['%', '[', ']']) < 0 && IPAddress.TryParse(text, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6
                ? Canonical(v6)
                : null;
        }
        var octets = text.Split('.');
        var valid = octets.Length == 4 && octets.All(o => o.Length is > 0 and <= 3 && o.All(char.IsAsciiDigit) && (o.Length == 1 || o[0] != '0')
            && int.Parse(o, CultureInfo.InvariantCulture) <= 255);
        return valid ? text : null;
    }

    private static string Canonical(IPAddress ip) => (ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip).ToString();
}
