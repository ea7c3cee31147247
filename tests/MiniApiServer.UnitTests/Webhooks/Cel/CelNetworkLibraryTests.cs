using static MiniApiServer.UnitTests.Webhooks.Cel.CelTestValues;

namespace MiniApiServer.UnitTests.Webhooks.Cel;

/// <summary>
/// Kubernetes' ip, cidr and url libraries, against the examples of k8s.io/apiserver/pkg/cel/library/ip.go, cidr.go and
/// urls.go and the cases of ip_test.go and cidr_test.go.
/// </summary>
public sealed class CelNetworkLibraryTests
{
    [Theory]
    [InlineData("isIP('127.0.0.1')", true)]
    [InlineData("isIP('::1')", true)]
    [InlineData("isIP('127.0.0.256')", false)]
    [InlineData("isIP(':::1')", false)]
    [InlineData("isIP('127.0.0.01')", false)]
    [InlineData("isIP('127.1')", false)]
    [InlineData("isIP('fe80::1%eth0')", false)]
    [InlineData("isIP('::ffff:1.2.3.4')", false)]
    [InlineData("isIP('[::1]')", false)]
    [InlineData("ip.isCanonical('127.0.0.1')", true)]
    [InlineData("ip.isCanonical('2001:db8::abcd')", true)]
    [InlineData("ip.isCanonical('2001:DB8::ABCD')", false)]
    [InlineData("ip.isCanonical('2001:db8::0:0:0:abcd')", false)]
    [InlineData("ip('127.0.0.1').family() == 4", true)]
    [InlineData("ip('::1').family() == 6", true)]
    [InlineData("ip('0.0.0.0').isUnspecified()", true)]
    [InlineData("ip('::').isUnspecified()", true)]
    [InlineData("ip('::1').isUnspecified()", false)]
    [InlineData("ip('127.0.0.1').isLoopback()", true)]
    [InlineData("ip('192.168.0.1').isLoopback()", false)]
    [InlineData("ip('::1').isLoopback()", true)]
    [InlineData("ip('2001:db8::abcd').isLoopback()", false)]
    [InlineData("ip('224.0.0.1').isLinkLocalMulticast()", true)]
    [InlineData("ip('224.0.1.1').isLinkLocalMulticast()", false)]
    [InlineData("ip('ff02::1').isLinkLocalMulticast()", true)]
    [InlineData("ip('fd00::1').isLinkLocalMulticast()", false)]
    [InlineData("ip('169.254.169.254').isLinkLocalUnicast()", true)]
    [InlineData("ip('192.168.0.1').isLinkLocalUnicast()", false)]
    [InlineData("ip('fe80::1').isLinkLocalUnicast()", true)]
    [InlineData("ip('fd80::1').isLinkLocalUnicast()", false)]
    [InlineData("ip('192.168.0.1').isGlobalUnicast()", true)]
    [InlineData("ip('255.255.255.255').isGlobalUnicast()", false)]
    [InlineData("ip('2001:db8::abcd').isGlobalUnicast()", true)]
    [InlineData("ip('ff00::1').isGlobalUnicast()", false)]
    [InlineData("ip('127.0.0.1') == ip('127.0.0.1')", true)]
    [InlineData("ip('2001:db8::1') == ip('2001:DB8:0::1')", true)]
    [InlineData("ip('127.0.0.1') == ip('127.0.0.2')", false)]
    [InlineData("isCIDR('192.168.0.0/16')", true)]
    [InlineData("isCIDR('::1/128')", true)]
    [InlineData("isCIDR('192.168.0.0/33')", false)]
    [InlineData("isCIDR('::1/129')", false)]
    [InlineData("isCIDR('192.168.0.1/16')", true)]
    [InlineData("isCIDR('192.168.0.0/016')", false)]
    [InlineData("cidr('192.168.0.0/24').containsIP(ip('192.168.0.1'))", true)]
    [InlineData("cidr('192.168.0.0/24').containsIP(ip('192.168.1.1'))", false)]
    [InlineData("cidr('192.168.0.0/24').containsIP('192.168.0.1')", true)]
    [InlineData("cidr('2001:db8::/32').containsIP('2001:db8::1')", true)]
    [InlineData("cidr('2001:db8::/32').containsIP('2001:dc8::1')", false)]
    [InlineData("cidr('0.0.0.0/0').containsIP('::1')", false)]
    [InlineData("cidr('192.168.0.0/24').containsCIDR(cidr('192.168.0.0/25'))", true)]
    [InlineData("cidr('192.168.0.0/24').containsCIDR('192.168.0.0/23')", false)]
    [InlineData("cidr('2001:db8::/32').containsCIDR('2001:db8::/33')", true)]
    // cidr.go's comparison leaves the other address unmasked (see CelCidr): only the network's own base address counts.
    [InlineData("cidr('192.168.0.0/16').containsCIDR('192.168.10.0/24')", false)]
    [InlineData("cidr('192.168.0.1/24').ip() == ip('192.168.0.1')", true)]
    [InlineData("cidr('::1/128').ip().family() == 6", true)]
    [InlineData("cidr('192.168.0.1/24').masked() == cidr('192.168.0.0/24')", true)]
    [InlineData("cidr('2001:db8:1::/32').masked() == cidr('2001:db8::/32')", true)]
    [InlineData("cidr('192.168.0.1/24') == cidr('192.168.0.1/24').masked()", false)]
    [InlineData("cidr('192.168.0.0/16').prefixLength() == 16", true)]
    [InlineData("isURL('https://user:pass@example.com:80/path?query=val#fragment')", true)]
    [InlineData("isURL('/absolute-path')", true)]
    [InlineData("isURL('https://a:b:c/')", false)]
    [InlineData("isURL('../relative-path')", false)]
    [InlineData("isURL('mailto:someone@example.com')", true)]
    [InlineData("isURL('https://[::1/')", false)]
    [InlineData("isURL('/bad%zzescape')", false)]
    public void Answers(string expression, bool expected) => Assert.Equal(expected, Evaluate(expression));

    [Theory]
    [InlineData("string(ip('2001:0db8:0000:0000:0000:0000:0000:0001'))", "2001:db8::1")]
    [InlineData("string(ip('2001:db8:0:1:0:0:0:1'))", "2001:db8:0:1::1")]
    [InlineData("string(ip('2001:db8:0:0:1:0:0:1'))", "2001:db8::1:0:0:1")]
    [InlineData("string(ip('2001:db8:1:1:1:1:0:1'))", "2001:db8:1:1:1:1:0:1")]
    [InlineData("string(ip('::'))", "::")]
    [InlineData("string(ip('10.0.0.1'))", "10.0.0.1")]
    [InlineData("string(cidr('192.168.0.0/24'))", "192.168.0.0/24")]
    [InlineData("string(cidr('2001:DB8::/32').masked())", "2001:db8::/32")]
    [InlineData("url('/path').getScheme()", "")]
    [InlineData("url('https://example.com/').getScheme()", "https")]
    [InlineData("url('https://example.com:80/').getHost()", "example.com:80")]
    [InlineData("url('https://example.com/').getHost()", "example.com")]
    [InlineData("url('https://[::1]:80/').getHost()", "[::1]:80")]
    [InlineData("url('https://[::1]/').getHost()", "[::1]")]
    [InlineData("url('/path').getHost()", "")]
    [InlineData("url('https://example.com:80/').getHostname()", "example.com")]
    [InlineData("url('https://127.0.0.1:80/').getHostname()", "127.0.0.1")]
    [InlineData("url('https://[::1]:80/').getHostname()", "::1")]
    [InlineData("url('https://example.com:80/').getPort()", "80")]
    [InlineData("url('https://example.com/').getPort()", "")]
    [InlineData("url('https://example.com/path').getEscapedPath()", "/path")]
    [InlineData("url('https://example.com/path with spaces/').getEscapedPath()", "/path%20with%20spaces/")]
    [InlineData("url('https://example.com').getEscapedPath()", "")]
    [InlineData("url('https://user:pass@example.com:80/path?query=val#fragment').getHost()", "example.com:80")]
    public void Converts(string expression, string expected) => Assert.Equal(expected, Evaluate(expression));

    [Fact]
    public void GetQuery_IsAMapOfLists_Unescaped()
    {
        Assert.Equal(true, Evaluate("url('https://example.com/path?k1=a&k2=b&k2=c').getQuery() == {'k1': ['a'], 'k2': ['b', 'c']}"));
        Assert.Equal(true, Evaluate("url('https://example.com/path?key with spaces=value with spaces').getQuery() == {'key with spaces': ['value with spaces']}"));
        Assert.Equal(true, Evaluate("url('https://example.com/path?a=1%2B1&b=x+y').getQuery() == {'a': ['1+1'], 'b': ['x y']}"));
        Assert.Equal(true, Evaluate("url('https://example.com/path?').getQuery() == {}"));
        Assert.Equal(true, Evaluate("url('https://example.com/path').getQuery() == {}"));
    }

    [Theory]
    [InlineData("ip('127.0.0.256')", "IP Address \"127.0.0.256\" parse error during conversion from string: ParseAddr(\"127.0.0.256\"): IPv4 field has value >255")]
    [InlineData("ip('fe80::1%eth0')", "IP address \"fe80::1%eth0\" with zone value is not allowed")]
    [InlineData("ip('::ffff:1.2.3.4')", "IPv4-mapped IPv6 address \"::ffff:1.2.3.4\" is not allowed")]
    [InlineData("cidr('192.168.0.0/')", "network address parse error during conversion from string: network address parse error during conversion from string: netip.ParsePrefix(\"192.168.0.0/\"): bad bits after slash: \"\"")]
    [InlineData("cidr('2001:db8::/')", "network address parse error during conversion from string: network address parse error during conversion from string: netip.ParsePrefix(\"2001:db8::/\"): bad bits after slash: \"\"")]
    [InlineData("cidr('192.168.0.0/33')", "network address parse error during conversion from string: network address parse error during conversion from string: netip.ParsePrefix(\"192.168.0.0/33\"): prefix length out of range")]
    [InlineData("cidr('::ffff:1.2.3.4/120')", "network address parse error during conversion from string: IPv4-mapped IPv6 address \"::ffff:1.2.3.4/120\" is not allowed")]
    [InlineData("url('https://a:b:c/')", "URL parse error during conversion from string: parse \"https://a:b:c/\": invalid port \":c\" after host")]
    [InlineData("url('../relative-path')", "URL parse error during conversion from string: parse \"../relative-path\": invalid URI for request")]
    [InlineData("ip('10.0.0.1').getHost()", "no such overload: net.IP.getHost()")]
    public void Fails(string expression, string message) => Assert.Equal(message, Error(expression));
}
