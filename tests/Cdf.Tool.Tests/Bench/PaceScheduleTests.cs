using Cdf.Tool.Bench;

namespace Cdf.Tool.Tests.Bench;

/// <summary>The --rate schedule of a raw flow, in ticks of a 1,000-per-second clock: 100 requests/s is one per 10 ticks.</summary>
public sealed class PaceScheduleTests
{
    private const long Frequency = 1000;
    private const long MeasureFrom = 2000;
    private const long MaxLag = 20;

    [Fact]
    public void RequestNIsDueAtTheStartPlusNOverTheRate()
    {
        var schedule = new PaceSchedule(origin: 500, requestsPerSecond: 100, MeasureFrom, MaxLag, Frequency);

        Assert.Equal([500L, 510L, 600L, 10_500L], new[] { 0L, 1, 10, 1000 }.Select(schedule.Due));
    }

    [Fact]
    public void UnpacedEveryRequestIsDueAtOnce()
    {
        var schedule = new PaceSchedule(origin: 500, requestsPerSecond: null, MeasureFrom, MaxLag, Frequency);

        schedule.Before(MeasureFrom + 1000, 3);

        Assert.Equal(500, schedule.Due(1_000_000));
    }

    [Fact]
    public void WhatTheWarmUpFellBehindIsNotSentInTheMeasuredWindow()
    {
        // 150 sent by t = 2000 where the schedule wanted 200: half a second behind.
        var schedule = new PaceSchedule(origin: 0, requestsPerSecond: 100, MeasureFrom, MaxLag, Frequency);
        schedule.Before(1500, 150);
        Assert.Equal(1500, schedule.Due(150));

        schedule.Before(MeasureFrom, 150);

        Assert.Equal(MeasureFrom, schedule.Due(150));
        Assert.Equal(MeasureFrom + 10, schedule.Due(151));
    }

    [Fact]
    public void ALagWithinTheLimitAtTheStartIsKept()
    {
        var schedule = new PaceSchedule(origin: 0, requestsPerSecond: 100, MeasureFrom, MaxLag, Frequency);

        schedule.Before(MeasureFrom, 199); // request 199 was due at 1990: 10 ticks behind

        Assert.Equal(1990, schedule.Due(199));
    }

    [Fact]
    public void ADeficitWithinTheMeasuredWindowIsCaughtUp()
    {
        var schedule = new PaceSchedule(origin: 0, requestsPerSecond: 100, MeasureFrom, MaxLag, Frequency);
        schedule.Before(MeasureFrom, 200);

        schedule.Before(5000, 250); // 250 behind at t = 5000 (the window was full): still due at their times

        Assert.Equal(2500, schedule.Due(250));
    }
}
