using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MiniApiServer.Application.Services;

/// <summary>An IPv4 CIDR such as 10.96.0.0/12, with addresses numbered by their offset from the network address.</summary>
public sealed record Ipv4Cidr(uint Network, int PrefixLength)
{
    public long Size => 1L << (32 - PrefixLength);

    /// <summary>Parses "a.b.c.d/n"; the host bits are cleared, as net.ParseCIDR does.</summary>
    public static Ipv4Cidr Parse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(text[..slash], out var ip) || ip.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix is < 1 or > 30)
        {
            throw new FormatException($"{text} is not an IPv4 CIDR with a prefix between /1 and /30, such as 10.96.0.0/12");
        }
        var mask = uint.MaxValue << (32 - prefix);
        return new Ipv4Cidr(ToNumber(ip) & mask, prefix);
    }

    /// <summary>The offset of <paramref name="ip"/> in the range, or null when it is outside it.</summary>
    public long? OffsetOf(string ip)
    {
        if (!IPAddress.TryParse(ip, out var address) || address.AddressFamily != AddressFamily.InterNetwork)
        {
            return null;
        }
        var offset = (long)ToNumber(address) - Network;
        return offset >= 0 && offset < Size ? offset : null;
    }

    public string At(long offset)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)(Network + offset));
        return new IPAddress(bytes).ToString();
    }

    public override string ToString() => $"{At(0)}/{PrefixLength}";

    private static uint ToNumber(IPAddress ip) => BinaryPrimitives.ReadUInt32BigEndian(ip.GetAddressBytes());
}
