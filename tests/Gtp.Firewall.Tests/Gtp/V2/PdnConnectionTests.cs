using Gtp.Firewall.Gtp.V2;
using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Tests.Gtp.V2;

public class PdnConnectionTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    [Fact]
    public void ReadsThePgwControlFTeidApnAndUeAddress()
    {
        var value = Hex(
            "47 0004 00 03 696d73" +               // APN "ims"
            "4a 0004 00 0a2d0001" +                // IP Address 10.45.0.1
            "57 0009 00 87 0000beef 0a0a0a02" +    // F-TEID inst 0: S5/S8-C PGW, TEID 0xbeef, 10.10.10.2
            "5d 0005 00 49 0001 00 05");           // a bearer context (read by PdnBearerContext)

        Assert.Equal(DropReason.None, PdnConnection.TryRead(value, out var pdn));

        Assert.Equal("ims", pdn.Apn);
        Assert.Equal(IpAddress128.Parse("10.45.0.1"), pdn.EndUser);
        Assert.Equal(IpAddress128.Parse("10.10.10.2"), pdn.PgwControl.Address);
        Assert.Equal(0xbeefu, pdn.PgwControl.Teid);
        Assert.Equal(7, pdn.PgwControl.InterfaceType);
    }

    [Fact]
    public void AnIPv6UeAddressIsRead()
    {
        var value = Hex("4a 0010 00 20010db8000000000000000000000001" + "57 0009 00 87 00000001 0a0a0a02");

        Assert.Equal(DropReason.None, PdnConnection.TryRead(value, out var pdn));

        Assert.Equal(IpAddress128.Parse("2001:db8::1"), pdn.EndUser);
        Assert.Null(pdn.Apn);
    }

    [Fact]
    public void ThePgwControlFTeidIsMandatory()
        => Assert.Equal(DropReason.MandatoryIeMissing, PdnConnection.TryRead(Hex("47 0004 00 03 696d73" + "57 0009 01 87 00000001 0a0a0a02"), out _));

    [Fact]
    public void AMalformedPgwControlFTeidIsIeMalformed()
        => Assert.Equal(DropReason.IeMalformed, PdnConnection.TryRead(Hex("57 0005 00 07 00000001"), out _));
}
