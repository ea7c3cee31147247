using System.Globalization;
using System.Net;

namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>
/// net.CIDR of Kubernetes' cidr library (k8s.io/apiserver/pkg/cel/library/cidr.go): an address and a prefix length,
/// parsed as netip.ParsePrefix does (host bits may be set), not IPv4-mapped IPv6.
/// </summary>
public sealed record CelCidr(CelIP Address, int Bits) : ICelReceiver
{
    private const string ParseError = "network address parse error during conversion from string: ";

    public string TypeName => "net.CIDR";

    public static CelCidr Parse(string raw) =>
        TryParse(raw, out var cidr, out var error) ? cidr : throw new CelException(ParseError + error);

    public static bool TryParse(string raw, out CelCidr cidr, out string error)
    {
        cidr = null!;
        error = "";
        if (ParsePrefix(raw) is { } reason)
        {
            error = $"{ParseError}netip.ParsePrefix(\"{raw}\"): {reason}";
            return false;
        }
        var slash = raw.LastIndexOf('/');
        CelIP.ParseAddr(raw[..slash], out var address, out _);
        if (address.IsIPv4MappedToIPv6)
        {
            error = $"IPv4-mapped IPv6 address \"{raw}\" is not allowed";
            return false;
        }
        cidr = new CelCidr(new CelIP(address), int.Parse(raw[(slash + 1)..], CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>netip.ParsePrefix's reason for refusing <paramref name="raw"/>, or null.</summary>
    private static string? ParsePrefix(string raw)
    {
        var slash = raw.LastIndexOf('/');
        if (slash < 0)
        {
            return "no '/'";
        }
        var addressText = raw[..slash];
        if (CelIP.ParseAddr(addressText, out var address, out var zone) is { } error)
        {
            return $"ParseAddr(\"{addressText}\"): {error}";
        }
        if (zone)
        {
            return "IPv6 zones cannot be present in a prefix";
        }
        var bitsText = raw[(slash + 1)..];
        if (bitsText.Length == 0 || bitsText.Any(c => !char.IsAsciiDigit(c)) || (bitsText.Length > 1 && bitsText[0] == '0')
            || !int.TryParse(bitsText, NumberStyles.None, CultureInfo.InvariantCulture, out var bits))
        {
            return $"bad bits after slash: \"{bitsText}\"";
        }
        return bits > address.GetAddressBytes().Length * 8 ? "prefix length out of range" : null;
    }

    public CelCidr Masked() => this with { Address = new CelIP(Mask(Address.Address, Bits)) };

    public bool Contains(CelIP ip) => ip.Is4 == Address.Is4 && Mask(ip.Address, Bits).Equals(Masked().Address.Address);

    public override string ToString() => $"{Address}/{Bits}";

    public object? Call(string name, object?[] args) => (name, args) switch
    {
        ("containsIP", [string ip]) => Contains(CelIP.Parse(ip)),
        ("containsIP", [CelIP ip]) => Contains(ip),
        ("containsCIDR", [string other]) => ContainsCidr(Parse(other)),
        ("containsCIDR", [CelCidr other]) => ContainsCidr(other),
        ("ip", []) => Address,
        ("masked", []) => Masked(),
        ("prefixLength", []) => (long)Bits,
        _ => throw CelMethods.NoOverload(name, this, args),
    };

    // cidr.go compares the masked prefix with netip.PrefixFrom(other's address, these bits), which does not mask the
    // other address: only a CIDR whose address is this network's own base counts as contained, so
    // cidr('192.168.0.0/16').containsCIDR('192.168.10.0/24') is false there, as here.
    private bool ContainsCidr(CelCidr other) => Masked() == other with { Bits = Bits } && Bits <= other.Bits;

    private static IPAddress Mask(IPAddress address, int bits)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(bits - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xff << (8 - keep));
        }
        return new IPAddress(bytes);
    }
}
