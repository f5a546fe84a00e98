using Cgf.Server.Monitoring;

namespace Cgf.Server.Tests.Retention;

public class FreeSpaceThresholdTests
{
    [Theory]
    [InlineData("500000000", 500_000_000L, 0.0)]
    [InlineData("0", 0L, 0.0)]
    [InlineData("5%", 0L, 5.0)]
    [InlineData(" 2.5% ", 0L, 2.5)]
    public void ReadsOctetsOrAPercent(string text, long bytes, double percent)
    {
        Assert.True(FreeSpaceThreshold.TryParse(text, out var threshold, out var error), error);
        Assert.Equal(new FreeSpaceThreshold(bytes, percent), threshold);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-5")]
    [InlineData("5MB")]
    [InlineData("0%")]
    [InlineData("100%")]
    [InlineData("%")]
    [InlineData("1e9")]
    public void RefusesAnythingElseWithTheReason(string text)
    {
        Assert.False(FreeSpaceThreshold.TryParse(text, out _, out var error));
        Assert.Contains($"'{text}'", error);
    }

    [Fact]
    public void APercentIsOfTheVolumeAndLeavingNeedsAMargin()
    {
        Assert.True(FreeSpaceThreshold.TryParse("10%", out var threshold, out _));
        Assert.True(threshold.IsBelow(99, 1000));
        Assert.False(threshold.IsBelow(100, 1000));
        Assert.False(threshold.IsClearlyAbove(104, 1000));
        Assert.True(threshold.IsClearlyAbove(105, 1000));
        Assert.False(threshold.IsBelow(0, 0)); // volume unknown
    }
}
