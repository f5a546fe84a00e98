using Gtp.Firewall.Gtp.V2;
using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Tests.Gtp.V2;

public class FullyQualifiedTeidTests
{
    [Theory]
    [InlineData("8a 01020304 c0a80001", 10, 0x01020304u, "192.168.0.1")]                                   // V4, S11 MME
    [InlineData("4b 000000ff 20010db8000000000000000000000002", 11, 0xffu, "2001:db8::2")]                // V6, S11/S4 SGW
    [InlineData("c1 00000010 0a000001 20010db8000000000000000000000002", 1, 0x10u, "10.0.0.1")]          // both: IPv4 is the key
    public void ReadsFlagsTeidAndAddress(string hex, int interfaceType, uint teid, string address)
    {
        Assert.True(FullyQualifiedTeid.TryParse(Convert.FromHexString(hex.Replace(" ", "")), out var f));

        Assert.Equal((byte)interfaceType, f.InterfaceType);
        Assert.Equal(teid, f.Teid);
        Assert.Equal(IpAddress128.Parse(address), f.Address);
    }

    [Theory]
    [InlineData("0a 01020304 c0a80001")]        // V4 = V6 = 0
    [InlineData("8a 01020304 c0a800")]          // IPv4 cut short
    [InlineData("4a 01020304 c0a80001")]        // V6 with 4 octets
    [InlineData("8a 010203")]                   // shorter than flags + TEID
    [InlineData("")]
    public void RejectsMalformedValues(string hex)
        => Assert.False(FullyQualifiedTeid.TryParse(Convert.FromHexString(hex.Replace(" ", "")), out _));
}
