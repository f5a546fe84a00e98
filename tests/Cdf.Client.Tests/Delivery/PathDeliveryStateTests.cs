using Cdf.Client.Delivery;

namespace Cdf.Client.Tests.Delivery;

public sealed class PathDeliveryStateTests
{
    [Fact]
    public void APathStartsUpWithNothingInFlight()
    {
        var state = new PathDeliveryState();
        Assert.Equal(CgfPathState.Up, state.State);
        Assert.Empty(state.InFlight);
        Assert.Empty(state.Outstanding);
        Assert.Null(state.Recovery);
    }

    [Fact]
    public void SequenceNumbersCountUpAndWrapFrom65535ToZero()
    {
        var state = new PathDeliveryState { NextSequenceNumber = 65534 };
        Assert.Equal(65534, state.AllocateSequenceNumber());
        Assert.Equal(65535, state.AllocateSequenceNumber());
        Assert.Equal(0, state.AllocateSequenceNumber());
        Assert.Equal(1, state.AllocateSequenceNumber());
        Assert.Equal(2, state.NextSequenceNumber);
    }

    [Fact]
    public void NumbersHeldByOutboxRequestsAreSkippedUntilReleased()
    {
        var state = new PathDeliveryState { NextSequenceNumber = 65535 };
        state.Reserve(65535);
        state.Reserve(0);
        state.Reserve(2);
        Assert.Equal(1, state.AllocateSequenceNumber());
        Assert.Equal(3, state.AllocateSequenceNumber());

        state.Unreserve(65535);
        state.NextSequenceNumber = 65535;
        Assert.Equal(65535, state.AllocateSequenceNumber());
        Assert.Equal(1, state.AllocateSequenceNumber());
    }
}
