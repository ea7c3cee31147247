using System.Globalization;
using System.Net.Sockets;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// A net.IPNet as netutils.ParseCIDRSloppy returns it: the address masked to the prefix, 4 bytes for an IPv4 CIDR
/// and 16 for one written in IPv6 form (an IPv4-mapped one included), so that <see cref="Contains"/> answers as Go's
/// IPNet.Contains does across the two families.
/// </summary>
public sealed record GoCidr(byte[] Network, byte[] Mask, int Ones)
{
    /// <summary>net.ParseCIDR with the sloppy IPv4 parser: "ADDRESS/DECIMAL", host bits allowed (they are masked off).</summary>
    public static GoCidr? Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || NetValidation.SloppyIp(text[..slash]) is not { } ip)
        {
            return null;
        }
        var prefix = text[(slash + 1)..];
        var bits = ip.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (prefix.Length is 0 or > 9 || !prefix.All(char.IsAsciiDigit) || int.Parse(prefix, CultureInfo.InvariantCulture) is var ones && ones > bits)
        {
            return null;
        }
        var mask = new byte[bits / 8];
        for (var i = 0; i < ones; i++)
        {
            mask[i / 8] |= (byte)(0x80 >> (i % 8));
        }
        var network = ip.GetAddressBytes();
        for (var i = 0; i < network.Length; i++)
        {
            network[i] &= mask[i];
        }
        return new GoCidr(network, mask, ones);
    }

    /// <summary>IPNet.Contains(ip) of Go's net package, with networkNumberAndMask's handling of 4-in-6 addresses.</summary>
    public bool Contains(byte[] ip)
    {
        var network = To4(Network) ?? Network;
        var mask = Mask;
        if (mask.Length == 4 && network.Length != 4)
        {
            return false;
        }
        if (mask.Length == 16 && network.Length == 4)
        {
            mask = mask[12..];
        }
        var address = To4(ip) ?? ip;
        if (address.Length != network.Length)
        {
            return false;
        }
        for (var i = 0; i < address.Length; i++)
        {
            if ((network[i] & mask[i]) != (address[i] & mask[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>net.IP.To4: the IPv4 bytes of a 4-byte or IPv4-mapped 16-byte address, else null.</summary>
    private static byte[]? To4(byte[] ip) => ip.Length switch
    {
        4 => ip,
        16 when ip.AsSpan(0, 10).IndexOfAnyExcept((byte)0) < 0 && ip[10] == 0xff && ip[11] == 0xff => ip[12..],
        _ => null,
    };
}
