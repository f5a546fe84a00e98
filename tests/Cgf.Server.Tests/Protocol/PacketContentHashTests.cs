using Cgf.Server.Protocol;
using Charging.GtpPrime.InformationElements;

namespace Cgf.Server.Tests.Protocol;

/// <summary>
/// The content hash is stored with every transfer (duplicate detection survives restarts), so its value is pinned:
/// the first 16 octets of SHA-256 over format, application, release, version, extension (0 when absent), then each
/// record as a 4-octet big-endian length and its octets. Expected values from Python's hashlib over those octets.
/// </summary>
public sealed class PacketContentHashTests
{
    private static readonly byte[] Record1 = [0x30, 0x03, 0x02, 0x01, 0x05];
    private static readonly byte[] Record2 = [0xAA];

    [Fact]
    public void TheHashCoversIdentifiersAndLengthPrefixedRecords()
    {
        var packet = new DataRecordPacket(1, 1, 0, 3, 17, [Record1, Record2]);

        Assert.Equal(UInt128.Parse("e61ce72e617660b0a8bdfcdadab74b15", System.Globalization.NumberStyles.HexNumber),
            GtpPrimeRequestHandler.HashPacket(packet));
    }

    [Fact]
    public void AMissingExtensionHashesAsZeroAndNoRecordsAsNothing()
    {
        var packet = new DataRecordPacket(1, 1, 0, 3, null, []);

        Assert.Equal(UInt128.Parse("008d4247d82756e85ad50d591cf025cf", System.Globalization.NumberStyles.HexNumber),
            GtpPrimeRequestHandler.HashPacket(packet));
    }

    [Fact]
    public void RecordOrderMattersAndTheHashIsTheSameEachTime()
    {
        var swapped = new DataRecordPacket(1, 1, 0, 3, 17, [Record2, Record1]);
        var expected = UInt128.Parse("afde7b6332e372bed2342fdd5354b8d1", System.Globalization.NumberStyles.HexNumber);

        Assert.Equal(expected, GtpPrimeRequestHandler.HashPacket(swapped));
        Assert.Equal(expected, GtpPrimeRequestHandler.HashPacket(swapped));
    }

    [Fact]
    public void ARecordLongerThanTheFirstHashBufferIsHashedWhole()
    {
        var small = new DataRecordPacket(1, 1, 0, 3, 17, [Record1, Record2]);
        var large = new DataRecordPacket(1, 1, 0, 3, 17, [Enumerable.Range(0, 3000).Select(i => (byte)(i % 251)).ToArray()]);

        GtpPrimeRequestHandler.HashPacket(small);
        Assert.Equal(UInt128.Parse("363ca77aa4729c7ba045a086c3ba5ec6", System.Globalization.NumberStyles.HexNumber),
            GtpPrimeRequestHandler.HashPacket(large));
        Assert.Equal(UInt128.Parse("e61ce72e617660b0a8bdfcdadab74b15", System.Globalization.NumberStyles.HexNumber),
            GtpPrimeRequestHandler.HashPacket(small));
    }
}
