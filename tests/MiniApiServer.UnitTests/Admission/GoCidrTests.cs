using MiniApiServer.Application.Admission;

namespace MiniApiServer.UnitTests.Admission;

/// <summary>
/// netutils.ParseCIDRSloppy and net.IPNet.Contains as ValidateIPBlock uses them (pkg/apis/networking/validation):
/// host bits masked off, leading zeros allowed, and Go's answers across IPv4 and IPv6 forms.
/// </summary>
public sealed class GoCidrTests
{
    [Theory]
    [InlineData("10.0.0.1/8", new byte[] { 10, 0, 0, 0 }, 8)]
    [InlineData("010.001.002.003/16", new byte[] { 10, 1, 0, 0 }, 16)]
    [InlineData("192.168.1.7/32", new byte[] { 192, 168, 1, 7 }, 32)]
    [InlineData("2001:db8::1/32", new byte[] { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 32)]
    public void Parse_MasksTheHostBits(string text, byte[] network, int ones)
    {
        var cidr = GoCidr.Parse(text)!;

        Assert.Equal(network, cidr.Network);
        Assert.Equal(ones, cidr.Ones);
    }

    [Theory]
    [InlineData("10.0.0.0")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/+8")]
    [InlineData("10.0.0/8")]
    [InlineData("::/129")]
    [InlineData("fe80::1%eth0/64")]
    [InlineData("[::1]/128")]
    public void Parse_RefusesWhatGoRefuses(string text) => Assert.Null(GoCidr.Parse(text));

    [Theory]
    [InlineData("10.0.0.0/8", "10.1.0.0/16", true)]
    [InlineData("10.0.0.0/16", "10.1.0.0/24", false)]
    // An IPv4-mapped address is the IPv4 address to Go, either way round; the IPv6 zero network holds no IPv4 one.
    [InlineData("10.0.0.0/8", "::ffff:10.1.0.0/112", true)]
    [InlineData("::ffff:10.0.0.0/104", "10.1.0.0/16", true)]
    [InlineData("::/0", "10.0.0.0/8", false)]
    [InlineData("2001:db8::/32", "2001:db8:1::/48", true)]
    public void Contains_AnswersAsIpNetContains(string outer, string inner, bool contains) =>
        Assert.Equal(contains, GoCidr.Parse(outer)!.Contains(GoCidr.Parse(inner)!.Network));
}
