using Gtp.Firewall.Gtp.V2;

namespace Gtp.Firewall.Tests.Gtp.V2;

public class EpsBearerIdTests
{
    [Theory]
    [InlineData(new byte[] { 0x05 }, 5)]
    [InlineData(new byte[] { 0xf5 }, 5)]        // spare high bits ignored
    [InlineData(new byte[] { 0x0f, 0xff }, 15)] // extra octets ignored
    public void TheEbiIsTheLowFourBits(byte[] value, int expected)
    {
        Assert.True(EpsBearerId.TryRead(value, out var ebi));
        Assert.Equal((byte)expected, ebi);
    }

    [Fact]
    public void AnEmptyValueHasNoEbi()
    {
        Assert.False(EpsBearerId.TryRead([], out var ebi));
        Assert.Equal(0, ebi);
    }
}
