using Gtp.Firewall.Filtering;
using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Tests.Filtering;

public class DropLogLimiterTests
{
    private static readonly IpAddress128 A = IpAddress128.Parse("192.0.2.1");
    private static readonly IpAddress128 B = IpAddress128.Parse("192.0.2.2");
    private static readonly long T0 = new DateTime(2026, 12, 3, 8, 0, 0, DateTimeKind.Utc).Ticks;

    [Fact]
    public void OneLinePerReasonSourceAndSecondTheNextCarriesTheSuppressedCount()
    {
        var limiter = new DropLogLimiter();
        Assert.True(limiter.ShouldLog(DropReason.GtpInGtp, A, T0, out var suppressed));
        Assert.Equal(0, suppressed);
        Assert.False(limiter.ShouldLog(DropReason.GtpInGtp, A, T0 + TimeSpan.TicksPerMillisecond, out _));
        Assert.False(limiter.ShouldLog(DropReason.GtpInGtp, A, T0 + 999 * TimeSpan.TicksPerMillisecond, out _));
        // Another source and another reason have their own lines.
        Assert.True(limiter.ShouldLog(DropReason.GtpInGtp, B, T0, out _));
        Assert.True(limiter.ShouldLog(DropReason.EndUserAddressSpoofed, A, T0, out _));
        Assert.True(limiter.ShouldLog(DropReason.GtpInGtp, A, T0 + TimeSpan.TicksPerSecond, out suppressed));
        Assert.Equal(2, suppressed);
        Assert.True(limiter.ShouldLog(DropReason.GtpInGtp, A, T0 + 5 * TimeSpan.TicksPerSecond, out suppressed));
        Assert.Equal(0, suppressed);
    }

    [Fact]
    public void OnlyTheProfileFeaturesAreLimited()
    {
        Assert.True(DropLogLimiter.Applies(DropReason.MessageTooLong));
        Assert.True(DropLogLimiter.Applies(DropReason.ApnFiltered));
        Assert.False(DropLogLimiter.Applies(DropReason.NoTunnel));
        Assert.False(DropLogLimiter.Applies(DropReason.GsnRateLimited)); // logged by the rate limiter itself
    }
}
