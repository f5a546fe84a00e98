using Gtp.Firewall.Configuration;
using System.Net;

namespace Gtp.Firewall.Tests.Configuration;

public class NetworkParserTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.0.0.0/8")]
    [InlineData("192.0.2.1", "192.0.2.1/32")]
    [InlineData(" 192.0.2.1", "192.0.2.1/32")]
    [InlineData("2001:db8::/32", "2001:db8::/32")]
    [InlineData("2001:db8::1", "2001:db8::1/128")]
    [InlineData("::ffff:10.0.0.0/8", "10.0.0.0/8")] // an IPv4-mapped address is the IPv4 network the packet path sees
    [InlineData("0.0.0.0/0", "0.0.0.0/0")]
    public void ParsesHostsAndPrefixes(string text, string expected)
    {
        Assert.True(NetworkParser.TryParse(text, out var network, out var error), error);

        Assert.Equal(IPNetwork.Parse(expected), network);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("10.0.0.300", "'10.0.0.300' is not an IPv4/IPv6 address or prefix")]
    [InlineData("", "'' is not an IPv4/IPv6 address or prefix")]
    [InlineData("10.0.0.0/33", "'10.0.0.0/33' has a bad prefix length (0-32)")]
    [InlineData("10.0.0.0/-1", "'10.0.0.0/-1' has a bad prefix length (0-32)")]
    [InlineData("2001:db8::/129", "'2001:db8::/129' has a bad prefix length (0-128)")]
    [InlineData("10.0.0.1/8", "'10.0.0.1/8' has host bits set outside the /8 mask")]
    [InlineData("2001:db8::1/64", "'2001:db8::1/64' has host bits set outside the /64 mask")]
    public void RejectsWithOneLineNamingTheText(string text, string expected)
    {
        Assert.False(NetworkParser.TryParse(text, out _, out var error));

        Assert.Equal(expected, error);
    }
}
