using Operations.Logging;

namespace Operations.Tests.Logging;

/// <summary>The decisions of the rate-limited log, with the clock given: per key one line per interval, a bounded table, a global budget.</summary>
public sealed class LogRateLimiterTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void TheFirstOccurrenceIsWrittenAndRepeatsWithinTheIntervalAreSuppressed()
    {
        var limiter = new LogRateLimiter<string>(16, Minute, 100);

        Assert.Equal(new LogDecision(LogVerdict.Write, 1, 0), limiter.Record("a", 1_000));
        Assert.Equal(new LogDecision(LogVerdict.Suppress, 2, 1), limiter.Record("a", 2_000));
        Assert.Equal(new LogDecision(LogVerdict.Suppress, 3, 2), limiter.Record("a", 60_999));
        Assert.Equal(2, limiter.Suppressed);
    }

    [Fact]
    public void AfterTheIntervalTheNextLineCarriesTheCountSuppressedSinceTheLastOne()
    {
        var limiter = new LogRateLimiter<string>(16, Minute, 100);
        limiter.Record("a", 0);
        for (var i = 1; i <= 5; i++)
            limiter.Record("a", i * 1_000);

        Assert.Equal(new LogDecision(LogVerdict.Write, 7, 5), limiter.Record("a", 60_000));
        Assert.Equal(new LogDecision(LogVerdict.Suppress, 8, 1), limiter.Record("a", 60_001));
    }

    [Fact]
    public void AClockStartingAtZeroOrBelowStillWritesTheFirstLine()
    {
        // Environment.TickCount64 is small after boot; the first line must not depend on it.
        var limiter = new LogRateLimiter<string>(16, Minute, 100);
        Assert.True(limiter.Record("a", 0).Write);
        Assert.True(limiter.Record("b", -5).Write);
    }

    [Fact]
    public void KeysAreLimitedEachOnTheirOwn()
    {
        var limiter = new LogRateLimiter<string>(16, Minute, 100);
        Assert.True(limiter.Record("a", 0).Write);
        Assert.True(limiter.Record("b", 1).Write);
        Assert.False(limiter.Record("a", 2).Write);
        Assert.False(limiter.Record("b", 3).Write);
    }

    [Fact]
    public void TheTableHoldsAtMostItsCapacityAndForgetsTheLeastRecentlySeenKey()
    {
        var limiter = new LogRateLimiter<int>(3, Minute, 100);
        limiter.Record(1, 0);
        limiter.Record(2, 1);
        limiter.Record(3, 2);
        limiter.Record(1, 3); // 1 seen again: 2 is now the least recent

        limiter.Record(4, 4);

        Assert.Equal(3, limiter.Count);
        Assert.Equal(1, limiter.Evicted);
        Assert.False(limiter.Record(1, 5).Write); // still remembered: suppressed
        Assert.False(limiter.Record(3, 6).Write);
        Assert.True(limiter.Record(2, 7).Write);  // forgotten: a first line again, evicting 4 (least recent)
        Assert.Equal(2, limiter.Evicted);
    }

    [Fact]
    public void ManyNewKeysCannotWriteMoreThanTheBudgetPerIntervalAndTheFirstRefusalSaysSo()
    {
        var limiter = new LogRateLimiter<int>(1000, Minute, 3);
        var verdicts = Enumerable.Range(0, 10).Select(key => limiter.Record(key, 100 + key).Verdict).ToList();

        Assert.Equal([LogVerdict.Write, LogVerdict.Write, LogVerdict.Write, LogVerdict.BudgetReached,
            LogVerdict.Suppress, LogVerdict.Suppress, LogVerdict.Suppress, LogVerdict.Suppress, LogVerdict.Suppress, LogVerdict.Suppress], verdicts);
        Assert.Equal(7, limiter.Suppressed);

        // A new window: lines again, and a key refused by the budget gets its first line with the count it missed.
        Assert.Equal(new LogDecision(LogVerdict.Write, 2, 1), limiter.Record(5, 60_100));
    }
}
