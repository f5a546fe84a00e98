using Gtp.Firewall.Limits;

namespace Gtp.Firewall.Tests.Limits;

public class RateLimitActivityTests
{
    [Fact]
    public void KeysAreListedMostRecentFirstWithTheirAlarmSecondsAndDrops()
    {
        var activity = new RateLimitActivity();
        activity.Record("gsn 10.0.0.1", 100, alarm: true, drops: 0);
        activity.Record("gsn 10.0.0.1", 100, alarm: false, drops: 1);
        activity.Record("apn-control P/ims", 101, alarm: true, drops: 0);
        activity.Record("gsn 10.0.0.1", 102, alarm: true, drops: 4);
        Assert.Equal(
            [new RateLimitEntry("gsn 10.0.0.1", 102, 2, 5), new RateLimitEntry("apn-control P/ims", 101, 1, 0)],
            activity.Snapshot());
    }

    [Fact]
    public void TheStalestKeyMakesRoom()
    {
        var activity = new RateLimitActivity();
        for (var i = 0; i < RateLimitActivity.Capacity; i++)
        {
            activity.Record($"gsn {i}", 1000 - i, alarm: true, drops: 0);
        }
        activity.Record("gsn new", 2000, alarm: true, drops: 0);
        var keys = activity.Snapshot().Select(e => e.Key).ToList();
        Assert.Equal(RateLimitActivity.Capacity, keys.Count);
        Assert.Equal("gsn new", keys[0]);
        Assert.DoesNotContain($"gsn {RateLimitActivity.Capacity - 1}", keys);
    }
}
