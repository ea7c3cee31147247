using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>
/// net.IP of Kubernetes' ip library (k8s.io/apiserver/pkg/cel/library/ip.go): an IPv4 or IPv6 address parsed as Go's
/// netip.ParseAddr does (dotted IPv4 without leading zeros), without a zone and not IPv4-mapped IPv6.
/// </summary>
public sealed record CelIP(IPAddress Address) : ICelReceiver
{
    public string TypeName => "net.IP";

    private byte[] Bytes => Address.GetAddressBytes();

    public bool Is4 => Address.AddressFamily == AddressFamily.InterNetwork;

    public static CelIP Parse(string raw) =>
        TryParse(raw, out var ip, out var error) ? ip : throw new CelException(error);

    public static bool TryParse(string raw, out CelIP ip, out string error)
    {
        ip = null!;
        if (ParseAddr(raw, out var address, out var zone) is { } parseError)
        {
            error = $"IP Address \"{raw}\" parse error during conversion from string: ParseAddr(\"{raw}\"): {parseError}";
            return false;
        }
        error = zone ? $"IP address \"{raw}\" with zone value is not allowed"
            : address.IsIPv4MappedToIPv6 ? $"IPv4-mapped IPv6 address \"{raw}\" is not allowed" : "";
        ip = new CelIP(address);
        return error.Length == 0;
    }

    /// <summary>netip.ParseAddr: the address, whether it had a zone, or Go's reason for refusing it.</summary>
    internal static string? ParseAddr(string raw, out IPAddress address, out bool zone)
    {
        address = IPAddress.None;
        zone = false;
        var first = raw.IndexOfAny(['.', ':', '%']);
        if (first < 0)
        {
            return "unable to parse IP";
        }
        if (raw[first] == '.')
        {
            return ParseIPv4(raw, out address);
        }
        if (raw[first] == '%')
        {
            return "missing IPv6 address";
        }
        var percent = raw.IndexOf('%', StringComparison.Ordinal);
        zone = percent >= 0;
        var text = zone ? raw[..percent] : raw;
        if (zone && percent == raw.Length - 1)
        {
            return "zone must be a non-empty string";
        }
        // IPAddress also reads brackets, scope ids and ports, which netip does not.
        if (text.Any(c => !(char.IsAsciiHexDigit(c) || c is ':' or '.')) || !IPAddress.TryParse(text, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return "unable to parse IP";
        }
        address = new IPAddress(parsed.GetAddressBytes());
        return null;
    }

    // parseIPv4Fields, character by character, so that the first fault is the one Go names.
    private static string? ParseIPv4(string raw, out IPAddress address)
    {
        address = IPAddress.None;
        var bytes = new byte[4];
        var (value, position, digits) = (0, 0, 0);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (char.IsAsciiDigit(c))
            {
                if (digits == 1 && value == 0)
                {
                    return "IPv4 field has octet with leading zero";
                }
                value = (value * 10) + (c - '0');
                digits++;
                if (value > 255)
                {
                    return "IPv4 field has value >255";
                }
            }
            else if (c == '.')
            {
                if (i == 0 || i == raw.Length - 1 || raw[i - 1] == '.')
                {
                    return $"IPv4 field must have at least one digit (at {GoQuote(raw[i..])})";
                }
                if (position == 3)
                {
                    return "IPv4 address too long";
                }
                bytes[position++] = (byte)value;
                (value, digits) = (0, 0);
            }
            else
            {
                return $"unexpected character (at {GoQuote(raw[i..])})";
            }
        }
        if (position < 3)
        {
            return "IPv4 address too short";
        }
        bytes[3] = (byte)value;
        address = new IPAddress(bytes);
        return null;
    }

    /// <summary>strconv.Quote for the printable ASCII a parse error quotes.</summary>
    internal static string GoQuote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    /// <summary>netip.Addr.String(): dotted IPv4; IPv6 lower-case with the longest run of two or more zero groups as "::" (RFC 5952).</summary>
    public override string ToString()
    {
        var bytes = Bytes;
        if (Is4)
        {
            return string.Join('.', bytes);
        }
        var groups = Enumerable.Range(0, 8).Select(i => (bytes[2 * i] << 8) | bytes[(2 * i) + 1]).ToArray();
        var (bestStart, bestLength) = (-1, 0);
        for (var i = 0; i < 8;)
        {
            var j = i;
            while (j < 8 && groups[j] == 0)
            {
                j++;
            }
            if (j - i > bestLength && j - i >= 2)
            {
                (bestStart, bestLength) = (i, j - i);
            }
            i = j == i ? i + 1 : j;
        }
        var text = new StringBuilder();
        for (var i = 0; i < 8; i++)
        {
            if (i == bestStart)
            {
                text.Append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.Length > 0 && text[^1] != ':')
            {
                text.Append(':');
            }
            text.Append(groups[i].ToString("x", CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    public object? Call(string name, object?[] args) => (name, args.Length) switch
    {
        ("family", 0) => Is4 ? 4L : 6L,
        ("isUnspecified", 0) => Bytes.All(b => b == 0),
        ("isLoopback", 0) => Is4 ? Bytes[0] == 127 : Address.Equals(IPAddress.IPv6Loopback),
        ("isLinkLocalMulticast", 0) => Is4 ? Bytes is [224, 0, 0, _] : Bytes[0] == 0xff && (Bytes[1] & 0x0f) == 0x02,
        ("isLinkLocalUnicast", 0) => IsLinkLocalUnicast,
        ("isGlobalUnicast", 0) => IsGlobalUnicast,
        _ => throw CelMethods.NoOverload(name, this, args),
    };

    private bool IsLinkLocalUnicast => Is4 ? Bytes is [169, 254, _, _] : Bytes[0] == 0xfe && (Bytes[1] & 0xc0) == 0x80;

    // netip's IsGlobalUnicast: not unspecified, broadcast, loopback, multicast or link-local unicast.
    private bool IsGlobalUnicast
    {
        get
        {
            var bytes = Bytes;
            if (bytes.All(b => b == 0) || (Is4 && bytes.All(b => b == 255)))
            {
                return false;
            }
            var multicast = Is4 ? bytes[0] >= 224 && bytes[0] <= 239 : bytes[0] == 0xff;
            var loopback = Is4 ? bytes[0] == 127 : Address.Equals(IPAddress.IPv6Loopback);
            return !multicast && !loopback && !IsLinkLocalUnicast;
        }
    }

    public bool Equals(CelIP? other) => other is not null && Address.Equals(other.Address);

    public override int GetHashCode() => Address.GetHashCode();
}
