using Cdf.Client.Protocol;
using Charging.GtpPrime;
using Charging.GtpPrime.Codec;
using Charging.GtpPrime.Messages;

namespace Cdf.Client.Tests.Protocol;

public sealed class GtpPrimeDispatcherTests
{
    private static GtpPrimeFrame Frame(ushort headerSequence, GtpPrimeMessage message) =>
        new(new GtpPrimeHeader(2, message.MessageType, 0, headerSequence, false, 7), message);

    [Fact]
    public async Task AGroupedResponseCompletesEveryListedRequest()
    {
        var dispatcher = new GtpPrimeDispatcher();
        using var five = dispatcher.AddAwaitable(5);
        using var six = dispatcher.AddAwaitable(6);
        using var seven = dispatcher.AddAwaitable(7);
        // Header carries the first listed number; the Requests Responded list decides (docs/gtp-prime.md §5.1).
        Assert.True(dispatcher.TryDispatch(Frame(5, new DataRecordTransferResponse(GtpPrimeCause.RequestAccepted, [5, 6]))));
        Assert.IsType<DataRecordTransferResponse>(await five.Task);
        Assert.IsType<DataRecordTransferResponse>(await six.Task);
        Assert.False(seven.Task.IsCompleted);
    }

    [Fact]
    public void AResponseToNothingWeWaitForIsNotDispatched()
    {
        var dispatcher = new GtpPrimeDispatcher();
        Assert.False(dispatcher.TryDispatch(Frame(9, new DataRecordTransferResponse(GtpPrimeCause.RequestAccepted, [9]))));
    }

    [Fact]
    public async Task EchoResponsesMatchByHeaderSequenceNumber()
    {
        var dispatcher = new GtpPrimeDispatcher();
        using var echo = dispatcher.AddAwaitable(65535);
        Assert.True(dispatcher.TryDispatch(Frame(65535, new EchoResponse(3))));
        Assert.Equal(3, ((EchoResponse)await echo.Task).Recovery);
    }

    [Fact]
    public async Task FailAllFailsEveryWaiter()
    {
        var dispatcher = new GtpPrimeDispatcher();
        using var one = dispatcher.AddAwaitable(1);
        using var two = dispatcher.AddAwaitable(2);
        dispatcher.FailAll(new CgfPathDownException("x"));
        await Assert.ThrowsAsync<CgfPathDownException>(() => one.Task);
        await Assert.ThrowsAsync<CgfPathDownException>(() => two.Task);
        Assert.Equal(0, dispatcher.Count);
    }

    [Fact]
    public void ADisposedWaiterNoLongerTakesResponses()
    {
        var dispatcher = new GtpPrimeDispatcher();
        dispatcher.AddAwaitable(4).Dispose();
        Assert.False(dispatcher.TryDispatch(Frame(4, new DataRecordTransferResponse(GtpPrimeCause.RequestAccepted, [4]))));
    }
}
