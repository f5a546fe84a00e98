using Gtp.Firewall.Packets;
using System.Net;

namespace Gtp.Firewall.Tests.Packets;

public class AddressMatcherTests
{
    [Theory]
    [InlineData("10.0.0.0/8", "10.255.1.2", true)]
    [InlineData("10.0.0.0/8", "11.0.0.0", false)]
    [InlineData("192.0.2.1/32", "192.0.2.1", true)]
    [InlineData("192.0.2.1/32", "192.0.2.2", false)]
    [InlineData("0.0.0.0/0", "203.0.113.9", true)]
    [InlineData("0.0.0.0/0", "2001:db8::1", false)] // IPv4 /0 is ::ffff:0:0/96, not all of IPv6
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    [InlineData("2001:db8::/64", "2001:db8::ffff:ffff:ffff:ffff", true)] // the mask ends exactly at the Hi/Lo boundary
    [InlineData("2001:db8::/64", "2001:db8:0:1::", false)]
    [InlineData("2001:db8::1:0/112", "2001:db8::1:ffff", true)]
    [InlineData("2001:db8::1:0/112", "2001:db8::2:0", false)]
    [InlineData("::/0", "10.1.2.3", true)] // IPv6 /0 covers the IPv4-mapped addresses too
    public void ContainsTheAddressesOfItsPrefixesOnly(string network, string address, bool expected)
    {
        var matcher = new AddressMatcher("set", [IPNetwork.Parse(network)]);

        Assert.Equal(expected, matcher.Contains(IpAddress128.Parse(address)));
    }

    [Fact]
    public void IndexOfNamesTheFirstPrefixThatContainsTheAddress()
    {
        var matcher = new AddressMatcher("set", [IPNetwork.Parse("10.1.0.0/16"), IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("2001:db8::/32")]);

        Assert.Equal(0, matcher.IndexOf(IpAddress128.Parse("10.1.9.9")));
        Assert.Equal(1, matcher.IndexOf(IpAddress128.Parse("10.2.9.9")));
        Assert.Equal(2, matcher.IndexOf(IpAddress128.Parse("2001:db8::5")));
        Assert.Equal(-1, matcher.IndexOf(IpAddress128.Parse("172.16.0.1")));
    }

    [Fact]
    public void AnyContainsEverythingAndAnEmptySetNothing()
    {
        Assert.True(AddressMatcher.Any.Contains(IpAddress128.Parse("2001:db8::1")));
        Assert.True(AddressMatcher.Any.Contains(IpAddress128.Parse("198.51.100.1")));
        Assert.False(new AddressMatcher("empty", []).Contains(IpAddress128.Parse("198.51.100.1")));
    }

    [Theory]
    [InlineData("10.0.0.0/8", 104)]
    [InlineData("192.0.2.7/32", 128)]
    [InlineData("0.0.0.0/0", 96)]
    [InlineData("2001:db8::/48", 48)]
    [InlineData("::/0", 0)]
    public void Length128CountsIPv4PrefixesAfterTheMappedPrefix(string network, int expected)
        => Assert.Equal(expected, AddressMatcher.Length128(IPNetwork.Parse(network)));
}
