using Cdf.Client.Delivery;
using Charging.CdrFiles;

namespace Cdf.Client.Tests.Delivery;

public sealed class RecordFormatRunsTests
{
    private static readonly CdrRecordFormat Rel17 = new(1, 1, 0, 3, 17);
    private static readonly CdrRecordFormat Rel7 = new(1, 1, 7, 6, 0);
    private static readonly CdrRecordFormat Rel11 = new(1, 1, 11, 6, 0);

    [Fact]
    public void WithoutRunsEveryCdrHasTheDefaultIdentifiers()
    {
        var runs = new RecordFormatRuns(Rel17);
        Assert.Equal(Rel17, runs.FormatOf(42, out var end));
        Assert.Equal(long.MaxValue, end);
        Assert.Equal(0, runs.Count);
    }

    [Fact]
    public void EnqueuesWithTheCurrentIdentifiersStartNoRun()
    {
        var runs = new RecordFormatRuns(Rel17);
        runs.Add(1, Rel17);
        Assert.Equal(0, runs.Count);
        runs.Add(5, Rel7);
        runs.Add(9, Rel7);
        Assert.Equal(1, runs.Count);
    }

    [Fact]
    public void EachCdrHasTheIdentifiersOfTheRunItFallsInAndEndsWhereTheNextRunStarts()
    {
        var runs = new RecordFormatRuns(Rel17);
        runs.Add(10, Rel7);
        runs.Add(20, Rel17);
        runs.Add(25, Rel11);

        Assert.Equal(Rel17, runs.FormatOf(9, out var end));
        Assert.Equal(10, end);
        Assert.Equal(Rel7, runs.FormatOf(10, out end));
        Assert.Equal(20, end);
        Assert.Equal(Rel7, runs.FormatOf(19, out end));
        Assert.Equal(20, end);
        Assert.Equal(Rel17, runs.FormatOf(20, out end));
        Assert.Equal(25, end);
        Assert.Equal(Rel11, runs.FormatOf(25, out end));
        Assert.Equal(long.MaxValue, end);
        Assert.Equal(Rel11, runs.FormatOf(1_000_000, out _));
    }

    [Fact]
    public void AnEnqueueAtTheSameIdReplacesTheRunThatHadNoCdrs()
    {
        var runs = new RecordFormatRuns(Rel17);
        runs.Add(10, Rel7);
        runs.Add(10, Rel11);
        Assert.Equal(1, runs.Count);
        Assert.Equal(Rel11, runs.FormatOf(10, out _));
    }

    [Fact]
    public void ClearedRunsLeaveTheDefaults()
    {
        var runs = new RecordFormatRuns(Rel17);
        runs.Add(10, Rel7);
        runs.Clear();
        Assert.Equal(0, runs.Count);
        Assert.Equal(Rel17, runs.FormatOf(10, out _));
    }
}
