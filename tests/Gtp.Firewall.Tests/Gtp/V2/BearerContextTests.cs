using Gtp.Firewall.Gtp.V2;
using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Tests.Gtp.V2;

public class BearerContextTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    [Fact]
    public void ReadsEbiCauseChargingIdAndThePreferredFTeid()
    {
        var value = Hex(
            "49 0001 00 05" +                     // EBI 5
            "02 0002 00 10 00" +                  // Cause 16 (Request accepted)
            "57 0009 00 81 00000011 0a000001" +   // F-TEID inst 0: S1-U eNodeB, TEID 0x11, 10.0.0.1
            "57 0009 02 84 00001234 0a000002" +   // F-TEID inst 2: S5/S8-U SGW, TEID 0x1234, 10.0.0.2
            "5e 0004 00 0000abcd");               // Charging ID 0xabcd

        Assert.Equal(DropReason.None, BearerContext.TryRead(value, preferredFTeidInstance: 2, out var bearer));

        Assert.Equal(5, bearer.Ebi);
        Assert.True(bearer.Accepted);
        Assert.Equal(0xabcdu, bearer.ChargingId);
        Assert.Equal(0x1234u, bearer.UserFTeid.Teid);
        Assert.Equal(IpAddress128.Parse("10.0.0.2"), bearer.UserFTeid.Address);
        Assert.Equal(4, bearer.UserFTeid.InterfaceType);
    }

    [Fact]
    public void WithoutThePreferredInstanceTheFirstFTeidIsTaken()
    {
        var value = Hex(
            "49 0001 00 06" +
            "57 0009 01 85 00000022 0a000003" +   // inst 1
            "57 0009 03 85 00000033 0a000004");   // inst 3

        Assert.Equal(DropReason.None, BearerContext.TryRead(value, preferredFTeidInstance: 2, out var bearer));

        Assert.Equal(0x22u, bearer.UserFTeid.Teid);
        Assert.True(bearer.Accepted); // no Cause: accepted
        Assert.Null(bearer.ChargingId);
        Assert.True(bearer.HasUserFTeid);
    }

    [Fact]
    public void ARejectingCauseAndNoFTeidAreReported()
    {
        var value = Hex("49 0001 00 07" + "02 0002 00 40 00"); // Cause 64 (Context Not Found)

        Assert.Equal(DropReason.None, BearerContext.TryRead(value, 2, out var bearer));

        Assert.False(bearer.Accepted);
        Assert.False(bearer.HasUserFTeid);
        Assert.Equal(7, bearer.Ebi);
    }

    [Fact]
    public void TheEbiIsMandatory()
        => Assert.Equal(DropReason.MandatoryIeMissing, BearerContext.TryRead(Hex("57 0009 02 84 00001234 0a000002"), 2, out _));

    [Theory]
    [InlineData("49 0001 00 05 57 0005 02 04 00001234")]          // neither V4 nor V6 set
    [InlineData("49 0001 00 05 57 0008 02 84 00001234 0a0000")]   // V4 set, address cut short
    public void AMalformedFTeidIsIeMalformed(string hex)
        => Assert.Equal(DropReason.IeMalformed, BearerContext.TryRead(Hex(hex), 2, out _));

    [Fact]
    public void AnIeRunningPastTheGroupIsIeMalformed()
        => Assert.Equal(DropReason.IeMalformed, BearerContext.TryRead(Hex("49 0001 00 05 5e 0004 00 0000"), 2, out _));
}
