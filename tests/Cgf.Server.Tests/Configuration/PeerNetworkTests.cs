using Cgf.Server.Configuration;
using System.Net;

namespace Cgf.Server.Tests.Configuration;

public sealed class PeerNetworkTests
{
    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1", 32)]
    [InlineData("::1", "::1", 128)]
    [InlineData("127.0.0.0/8", "127.0.0.0", 8)]
    [InlineData("10.1.2.3/8", "10.0.0.0", 8)] // bits past the prefix are ignored
    [InlineData("192.168.7.200/30", "192.168.7.200", 30)]
    [InlineData("192.168.7.203/30", "192.168.7.200", 30)]
    [InlineData("2001:db8::ff/120", "2001:db8::", 120)]
    [InlineData(" 10.0.0.0/8", "10.0.0.0", 8)]
    [InlineData("::ffff:10.0.0.1", "10.0.0.1", 32)] // IPv4-mapped: its IPv4 form
    [InlineData("0.0.0.0/0", "0.0.0.0", 0)]
    public void AnAddressOrPrefixIsANetwork(string text, string baseAddress, int prefixLength)
    {
        Assert.True(PeerNetwork.TryParse(text, out var network));
        Assert.Equal(IPAddress.Parse(baseAddress), network.BaseAddress);
        Assert.Equal(prefixLength, network.PrefixLength);
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/x")]
    [InlineData("::/129")]
    [InlineData("::ffff:10.0.0.0/104")] // an IPv4 network: at most /32
    public void AnythingElseIsRejected(string text) => Assert.False(PeerNetwork.TryParse(text, out _));

    [Theory]
    [InlineData("127.0.0.0/8", "127.255.0.9", true)]
    [InlineData("127.0.0.0/8", "128.0.0.1", false)]
    [InlineData("127.0.0.0/8", "::ffff:127.0.0.5", true)] // a dual-mode socket reports IPv4 peers mapped
    [InlineData("127.0.0.1", "127.0.0.2", false)]
    [InlineData("192.168.7.203/30", "192.168.7.201", true)]
    [InlineData("192.168.7.203/30", "192.168.7.204", false)]
    [InlineData("::1", "::1", true)]
    [InlineData("::1", "127.0.0.1", false)]
    [InlineData("2001:db8::/32", "2001:db8:ffff::1", true)]
    [InlineData("2001:db8::/32", "2001:db9::1", false)]
    public void MatchesComparesThePrefixBits(string entry, string address, bool expected)
    {
        Assert.True(PeerNetwork.TryParse(entry, out var network));
        Assert.Equal(expected, PeerNetwork.Matches(network, IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("10.0.0.1/32", true)]
    [InlineData("::1", true)]
    [InlineData("10.0.0.0/31", false)]
    [InlineData("2001:db8::/127", false)]
    public void OnlyAHostIsASingleAddress(string entry, bool expected)
    {
        Assert.True(PeerNetwork.TryParse(entry, out var network));
        Assert.Equal(expected, PeerNetwork.IsSingleAddress(network));
    }
}
