using Cgf.Server.Commands;

namespace Cgf.Server.Tests.Commands;

public sealed class ProgressThrottleTests
{
    [Fact]
    public void TheFirstReportIsDueThenOnePerInterval()
    {
        var throttle = new ProgressThrottle(total: 1000, intervalMs: 5000);

        Assert.True(throttle.IsDue(10, nowMs: 100));
        Assert.False(throttle.IsDue(20, nowMs: 200));
        Assert.False(throttle.IsDue(500, nowMs: 5099));
        Assert.True(throttle.IsDue(510, nowMs: 5100));
        Assert.False(throttle.IsDue(600, nowMs: 10099));
        Assert.True(throttle.IsDue(700, nowMs: 10100));
    }

    [Fact]
    public void ReachingTheTotalIsAlwaysDue()
    {
        var throttle = new ProgressThrottle(total: 1000, intervalMs: 5000);

        Assert.True(throttle.IsDue(999, nowMs: 0));
        Assert.True(throttle.IsDue(1000, nowMs: 1));
        Assert.True(throttle.IsDue(1000, nowMs: 2));
    }

    [Fact]
    public void WithNothingToExportEveryReportShowsTheEnd()
    {
        var throttle = new ProgressThrottle(total: 0, intervalMs: 5000);

        Assert.True(throttle.IsDue(0, nowMs: 0));
        Assert.True(throttle.IsDue(0, nowMs: 1));
    }
}
