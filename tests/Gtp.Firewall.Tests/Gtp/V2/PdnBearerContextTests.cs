using Gtp.Firewall.Gtp.V2;
using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Tests.Gtp.V2;

public class PdnBearerContextTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    [Fact]
    public void ReadsTheEbiAndTheServingAndAnchorUserFTeids()
    {
        var value = Hex(
            "49 0001 00 05" +                      // EBI 5
            "57 0009 00 84 00000101 14141401" +    // inst 0: SGW user, TEID 0x101, 20.20.20.1
            "57 0009 01 85 00000202 0a0a0a02");    // inst 1: PGW S5/S8-U, TEID 0x202, 10.10.10.2

        Assert.Equal(DropReason.None, PdnBearerContext.TryRead(value, out var bearer));

        Assert.Equal(5, bearer.Ebi);
        Assert.Equal((IpAddress128.Parse("20.20.20.1"), 0x101u), (bearer.ServingUser.Address, bearer.ServingUser.Teid));
        Assert.Equal((IpAddress128.Parse("10.10.10.2"), 0x202u), (bearer.AnchorUser.Address, bearer.AnchorUser.Teid));
    }

    [Fact]
    public void AnAbsentFTeidLeavesItsSideEmpty()
    {
        Assert.Equal(DropReason.None, PdnBearerContext.TryRead(Hex("49 0001 00 0f" + "57 0009 01 85 00000202 0a0a0a02"), out var bearer));

        Assert.Equal(15, bearer.Ebi);
        Assert.True(bearer.ServingUser.Address.IsNone);
        Assert.Equal(0x202u, bearer.AnchorUser.Teid);
    }

    [Fact]
    public void TheEbiIsMandatory()
        => Assert.Equal(DropReason.MandatoryIeMissing, PdnBearerContext.TryRead(Hex("57 0009 00 84 00000101 14141401"), out _));

    [Fact]
    public void AMalformedFTeidOfAnyInstanceIsIeMalformed()
        => Assert.Equal(DropReason.IeMalformed, PdnBearerContext.TryRead(Hex("49 0001 00 05" + "57 0004 05 84 000001"), out _));
}
