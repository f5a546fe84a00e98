using Gtp.Firewall.Monitoring;

namespace Gtp.Firewall.Tests.Monitoring;

public class KernelQueueStatisticsTests
{
    // Two queues as net/netfilter/nfnetlink_queue.c prints them ("%5u %6u %5u %1u %5u %5u %5u %8u %2d").
    private const string Proc =
        "    0  31946     0 2 65531     0     0        5  1\n" +
        "    7 123456    12 2 65531   340     9  4294967 1\n";

    [Fact]
    public void TheLineOfTheQueueGivesBacklogDropsAndTheLastId()
    {
        Assert.True(KernelQueueStatistics.TryParse(Proc, 7, out var statistics));
        Assert.Equal(new KernelQueueStatistics(Backlog: 12, Dropped: 340, UserDropped: 9, LastId: 4294967), statistics);
        Assert.True(KernelQueueStatistics.TryParse(Proc, 0, out statistics));
        Assert.Equal(new KernelQueueStatistics(0, 0, 0, 5), statistics);
    }

    [Theory]
    [InlineData("")]
    [InlineData("    3  31946     0 2 65531     0     0        5  1\n")]
    [InlineData("    7  31946     x 2 65531     0     0        5  1\n")]
    [InlineData("    7  31946\n")]
    public void AnAbsentQueueOrAMalformedLineIsNotFound(string text)
    {
        Assert.False(KernelQueueStatistics.TryParse(text, 7, out var statistics));
        Assert.Equal(default, statistics);
    }
}
