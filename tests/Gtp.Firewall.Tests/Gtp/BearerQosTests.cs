using Gtp.Firewall.Gtp.V2;

namespace Gtp.Firewall.Tests.Gtp;

/// <summary>Bearer QoS values (TS 29.274 §8.15) written by hand.</summary>
public sealed class BearerQosTests
{
    [Fact]
    public void TheFieldsAreReadFromTheirOctets()
    {
        // ARP 0x49 (PCI 1, PL 2, PVI 1), QCI 9, MBR UL 1000, DL 2000, GBR UL 0x0100000000, DL 1 (kbit/s).
        Assert.True(BearerQos.TryParse(Convert.FromHexString("4909" + "00000003E8" + "00000007D0" + "0100000000" + "0000000001"), out var qos));
        Assert.Equal(new BearerQos(0x49, 9, 1000, 2000, 0x01_0000_0000, 1), qos);
        Assert.Equal(2, qos.PriorityLevel);
        Assert.Equal(1_000_000, BearerQos.BitsPerSecond(qos.MaxUplinkKbps));
    }

    [Fact]
    public void AShortValueIsRefused() => Assert.False(BearerQos.TryParse(new byte[21], out _));
}
