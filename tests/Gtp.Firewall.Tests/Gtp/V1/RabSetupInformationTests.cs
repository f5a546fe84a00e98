using Gtp.Firewall.Gtp.V1;

namespace Gtp.Firewall.Tests.Gtp.V1;

/// <summary>RAB Setup Information (TS 29.060 §7.7.39), values written by hand from the IE layout.</summary>
public class RabSetupInformationTests
{
    [Fact]
    public void IPv4FormCarriesNsapiTeidAndTargetRncAddress()
    {
        // spare|NSAPI = 0xF5 (spare bits set), TEID Data I 0x0000ABCD, RNC 30.30.30.11
        Assert.True(RabSetupInformation.TryRead(Convert.FromHexString("F50000ABCD1E1E1E0B"), out var rab));
        Assert.False(rab.IsRelease);
        Assert.Equal(5, rab.Nsapi);
        Assert.Equal(0xABCDu, rab.TeidDataI);
        Assert.Equal("30.30.30.11", rab.RncAddress.ToString());
    }

    [Fact]
    public void IPv6FormCarriesTheSixteenOctetAddress()
    {
        Assert.True(RabSetupInformation.TryRead(Convert.FromHexString("0612345678" + "20010DB8000200000000000000000011"), out var rab));
        Assert.Equal(6, rab.Nsapi);
        Assert.Equal(0x12345678u, rab.TeidDataI);
        Assert.Equal("2001:db8:2::11", rab.RncAddress.ToString());
    }

    [Fact]
    public void LengthOneIsTheReleaseFormWithOnlyTheNsapi()
    {
        Assert.True(RabSetupInformation.TryRead(Convert.FromHexString("07"), out var rab));
        Assert.True(rab.IsRelease);
        Assert.Equal(7, rab.Nsapi);
        Assert.True(rab.RncAddress.IsNone);
    }

    [Theory]
    [InlineData("")]
    [InlineData("05000000")]
    [InlineData("0500000001")]
    [InlineData("0500000001C0A801")]
    [InlineData("0500000001C0A80101FF")]
    [InlineData("0500000001" + "20010DB80002000000000000000000")]
    public void OtherLengthsAreMalformed(string hex)
        => Assert.False(RabSetupInformation.TryRead(Convert.FromHexString(hex), out _));
}
