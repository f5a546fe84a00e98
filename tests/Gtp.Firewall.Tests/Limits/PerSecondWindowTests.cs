using Gtp.Firewall.Limits;

namespace Gtp.Firewall.Tests.Limits;

public class PerSecondWindowTests
{
    private static readonly long Second = new DateTime(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc).Ticks;

    [Fact]
    public void ThresholdNLetsNThroughAndMarksTheNextOver()
    {
        var w = new PerSecondWindow();
        Assert.Equal(RateOutcome.Pass, w.Hit(Second, 2, 3));
        Assert.Equal(RateOutcome.Pass, w.Hit(Second + 1, 2, 3));
        Assert.Equal(RateOutcome.OverAlarm | RateOutcome.LogAlarm, w.Hit(Second + 2, 2, 3));
        Assert.Equal(RateOutcome.OverAlarm | RateOutcome.Drop | RateOutcome.LogDrop, w.Hit(Second + 3, 2, 3));
        Assert.Equal(RateOutcome.OverAlarm | RateOutcome.Drop, w.Hit(Second + 4, 2, 3));
        Assert.Equal(RateOutcome.OverAlarm | RateOutcome.Drop, w.Hit(Second + 5, 2, 3));
        Assert.Equal(6, w.Count);
        Assert.Equal(2, w.Suppressed);
    }

    [Fact]
    public void ANewSecondStartsCountingAgainAndTheNextDropLineCarriesTheSuppressedCount()
    {
        var w = new PerSecondWindow();
        for (var i = 0; i < 4; i++)
        {
            w.Hit(Second, 0, 1);
        }
        Assert.Equal(2, w.Suppressed);
        Assert.Equal(RateOutcome.Pass, w.Hit(Second + TimeSpan.TicksPerSecond, 0, 1));
        Assert.Equal(1, w.Count);
        Assert.Equal(RateOutcome.Drop | RateOutcome.LogDrop, w.Hit(Second + TimeSpan.TicksPerSecond + 5, 0, 1));
        Assert.Equal(2, w.TakeSuppressed());
        Assert.Equal(0, w.Suppressed);
    }

    [Fact]
    public void ZeroThresholdsAreOff()
    {
        var w = new PerSecondWindow();
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(RateOutcome.Pass, w.Hit(Second, 0, 0));
        }
    }

    [Fact]
    public void AlarmOnlyNeverDrops()
    {
        var w = new PerSecondWindow();
        w.Hit(Second, 1, 0);
        Assert.Equal(RateOutcome.OverAlarm | RateOutcome.LogAlarm, w.Hit(Second, 1, 0));
        Assert.Equal(RateOutcome.OverAlarm, w.Hit(Second, 1, 0));
    }
}
