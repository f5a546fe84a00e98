using Charging.GtpPrime.Codec;
using Charging.Tests.Testing;

namespace Charging.Tests.GtpPrime;

/// <summary>The decoder allocates only its results: nothing for framing or for a rejected message.</summary>
public partial class GtpPrimeDecoderTests
{
    private static long AllocatedBy(Action action)
    {
        action(); // warm up (JIT, statics)
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            action();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
    }

    [Fact]
    public void FramingAllocatesNothing()
    {
        var bytes = Hex.Bytes(GtpPrimeVectors.SendPgwRecord);
        var sequence = ReadOnlySequenceFactory.SegmentPerByte(bytes);
        Assert.Equal(0, AllocatedBy(() => GtpPrimeDecoder.TryGetMessageLength(bytes, out _, out _)));
        Assert.Equal(0, AllocatedBy(() => GtpPrimeDecoder.TryGetMessageLength(sequence, out _, out _)));
        Assert.Equal(0, AllocatedBy(() => GtpPrimeDecoder.TryReadHeader(bytes, out _, out _)));
    }

    [Theory]
    [InlineData("4e0800000001")] // unknown message type
    [InlineData("4e0100050001")] // short datagram
    [InlineData("4e0200020001 0205")] // unknown TV IE
    [InlineData("4ef000000007")] // PTC missing
    [InlineData("4ef100090005 0180 fd000600050006")] // IE overrun
    public void RejectedMessagesAllocateNothing(string hex)
    {
        var bytes = Hex.Bytes(hex);
        Assert.Equal(0, AllocatedBy(() => GtpPrimeDecoder.TryDecode(bytes, out _, out _)));
    }

    [Fact]
    public void SendAllocatesOnlyTheMessagePacketAndRecordArray()
    {
        var bytes = Hex.Bytes(GtpPrimeVectors.SendPgwRecord);
        // DataRecordTransferRequest, DataRecordPacket and a one-element ReadOnlyMemory<byte>[]; the record is a slice.
        Assert.InRange(AllocatedBy(() => GtpPrimeDecoder.TryDecode(bytes, out _, out _)), 1, 256);
    }
}
