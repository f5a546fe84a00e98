using Storage.Cgf.Writer;

namespace Cgf.Server.Tests.Writer;

public sealed class IndexingGateTests
{
    // 1,000 ticks a second: a window is 1,000 ticks.
    private const long TicksPerSecond = 1000;

    [Fact]
    public void TheFirstWindowMayIndex()
    {
        var gate = new IndexingGate(0.5, startTimestamp: 0, TicksPerSecond);
        gate.AddIngest(900);
        Assert.True(gate.MayIndex(999));
        Assert.False(gate.Deferred);
    }

    [Fact]
    public void AWindowBusierThanTheShareHoldsIndexingBackUntilAQuieterOne()
    {
        var gate = new IndexingGate(0.5, startTimestamp: 0, TicksPerSecond);
        gate.AddIngest(600);
        Assert.False(gate.MayIndex(1000)); // 600 of 1,000
        Assert.True(gate.Deferred);
        gate.AddIngest(100);
        Assert.False(gate.MayIndex(1500)); // the window from 1,000 has not passed: still the last one's share
        Assert.True(gate.MayIndex(2000)); // 100 of 1,000
        Assert.False(gate.Deferred);
    }

    [Fact]
    public void TimeSpentIndexingIsNotTimeIngestCouldUse()
    {
        var gate = new IndexingGate(0.5, startTimestamp: 0, TicksPerSecond);
        gate.AddIngest(300);
        gate.AddIndexing(500);
        Assert.False(gate.MayIndex(1000)); // 300 of the 500 not spent indexing: 0.6
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    public void TheShareIsAFraction(double share) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new IndexingGate(share, 0));
}
