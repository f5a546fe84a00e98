using Gtp.Firewall.Gtp.U;
using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Tests.Gtp.U;

public class GtpUPeekTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    // IPv4 (IHL 5, no fragment, UDP) 20.20.20.10 -> 10.10.10.2, UDP 2152 -> 2152, GTP-U G-PDU TEID 0x00001234.
    private const string IPv4Header = "45000030 0000 4000 4011 0000 1414140a 0a0a0a02";
    private const string UdpAndGtp = "0868 0868 001c 0000" + "30ff0004 00001234";

    [Fact]
    public void ReadsTheDestinationAndTeidOfAnIPv4GtpUPacket()
    {
        Assert.True(GtpUPeek.TryRead(Hex(IPv4Header + UdpAndGtp), out var destination, out var teid));

        Assert.Equal(IpAddress128.Parse("10.10.10.2"), destination);
        Assert.Equal(0x1234u, teid);
    }

    [Fact]
    public void ReadsTheDestinationAndTeidOfAnIPv6GtpUPacket()
    {
        // IPv6, payload 24, next header UDP (17), hop limit 64, 2001:db8::1 -> 2001:db8::2.
        var packet = Hex("60000000 0018 11 40 20010db8000000000000000000000001 20010db8000000000000000000000002" + UdpAndGtp);

        Assert.True(GtpUPeek.TryRead(packet, out var destination, out var teid));

        Assert.Equal(IpAddress128.Parse("2001:db8::2"), destination);
        Assert.Equal(0x1234u, teid);
    }

    [Theory]
    [InlineData("45000030 0000 2000 4011 0000 1414140a 0a0a0a02" + UdpAndGtp)]   // MF set: a first fragment
    [InlineData("45000030 0000 0001 4011 0000 1414140a 0a0a0a02" + UdpAndGtp)]   // fragment offset 1
    [InlineData("45000030 0000 4000 4006 0000 1414140a 0a0a0a02" + UdpAndGtp)]   // TCP
    [InlineData(IPv4Header + "0868 0869 001c 0000 30ff0004 00001234")]            // UDP to 2153
    [InlineData(IPv4Header + "0868 0868 001c 0000 30ff0004 0000")]                // cut inside the TEID
    [InlineData("4500")]
    public void RejectsWhatIsNotAnUnfragmentedGtpUPacket(string hex)
        => Assert.False(GtpUPeek.TryRead(Hex(hex), out _, out _));
}
