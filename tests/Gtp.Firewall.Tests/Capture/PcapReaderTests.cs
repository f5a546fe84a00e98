using Gtp.Firewall.Capture;
using System.Runtime.InteropServices;

namespace Gtp.Firewall.Tests.Capture;

public class PcapReaderTests
{
    private static readonly byte[] EthernetIPv4 = Frames.Ethernet(0x0800, Frames.IPv4Packet);

    [Theory]
    [InlineData(0xA1B2C3D4u, false, 1_700_000_000_123_456_000L)]
    [InlineData(0xA1B2C3D4u, true, 1_700_000_000_123_456_000L)]
    [InlineData(0xA1B23C4Du, false, 1_700_000_000_000_123_456L)]
    [InlineData(0xA1B23C4Du, true, 1_700_000_000_000_123_456L)]
    public void BothByteOrdersAndResolutionsAreRead(uint magic, bool bigEndian, long expectedNanoseconds)
    {
        // Magic is written in the file's byte order, so a big-endian writer produces D4C3B2A1 / 4D3CB2A1 on disk.
        var file = new CaptureBytes(bigEndian).PcapHeader(magic).PcapRecord(1_700_000_000, 123_456, EthernetIPv4).ToArray();

        var (packets, error) = CaptureTestStreams.ReadAll(file);

        Assert.Null(error);
        var packet = Assert.Single(packets);
        Assert.Equal(expectedNanoseconds, packet.TimestampNanoseconds);
        Assert.Equal(LinkType.Ethernet, packet.LinkType);
        Assert.Equal(0, packet.InterfaceIndex);
        Assert.Equal(CaptureNetworkProtocol.IPv4, packet.NetworkProtocol);
        Assert.Equal(14, packet.NetworkOffset);
        Assert.Equal(Frames.IPv4Packet, packet.IpPacket);
    }

    [Fact]
    public void FormatAndTimestampAreExposed()
    {
        var file = new CaptureBytes().PcapHeader().PcapRecord(1, 500_000, EthernetIPv4).ToArray();
        using var reader = CaptureTestStreams.Open(file);

        Assert.Equal(CaptureFileFormat.Pcap, reader.Format);
        Assert.True(reader.ReadNext(out var packet));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(1.5), packet.Timestamp);
        Assert.False(reader.ReadNext(out _));
        Assert.Null(reader.Error);
    }

    [Fact]
    public void LinkTypeFcsBitsAreIgnored()
    {
        // draft-ietf-opsawg-pcap §4: the upper bits of LinkType carry the FCS length.
        var file = new CaptureBytes().PcapHeader(linkType: 0x1000_0000 | 101).PcapRecord(0, 0, Frames.IPv6Packet).ToArray();

        var packet = Assert.Single(CaptureTestStreams.ReadAll(file).Packets);

        Assert.Equal(LinkType.Raw, packet.LinkType);
        Assert.Equal(CaptureNetworkProtocol.IPv6, packet.NetworkProtocol);
        Assert.Equal(0, packet.NetworkOffset);
    }

    [Fact]
    public void SnappedPacketReportsOriginalLength()
    {
        var file = new CaptureBytes().PcapHeader().PcapRecord(0, 0, EthernetIPv4[..20], originalLength: 1514).ToArray();
        using var reader = CaptureTestStreams.Open(file);

        Assert.True(reader.ReadNext(out var packet));
        Assert.Equal(1514, packet.OriginalLength);
        Assert.Equal(20, packet.Frame.Length);
        Assert.True(packet.IsTruncated);
    }

    [Fact]
    public void NonIpPacketHasNoIpSlice()
    {
        var file = new CaptureBytes().PcapHeader().PcapRecord(0, 0, Frames.Ethernet(0x0806, new byte[28])).ToArray();

        var packet = Assert.Single(CaptureTestStreams.ReadAll(file).Packets);

        Assert.Equal(CaptureNetworkProtocol.NotIp, packet.NetworkProtocol);
        Assert.Equal(-1, packet.NetworkOffset);
        Assert.Empty(packet.IpPacket);
    }

    [Fact]
    public void EmptyStreamIsTruncatedFileHeader()
    {
        Assert.False(CaptureReader.TryOpen(new MemoryStream(), out var reader, out var error));

        Assert.Null(reader);
        Assert.Equal(CaptureErrorReason.TruncatedFileHeader, error!.Reason);
        Assert.Equal(0, error.Offset);
    }

    [Fact]
    public void UnknownMagicIsRejectedWithOffsetZero()
    {
        var error = Assert.Throws<CaptureFormatException>(() => CaptureReader.Open(new MemoryStream("GET / HTTP/1.1\r\n"u8.ToArray())));

        Assert.Equal(CaptureErrorReason.UnknownFormat, error.Reason);
        Assert.Equal(0, error.Offset);
        Assert.Equal("offset 0: not a pcap or pcapng file (magic 0x20544547)", error.Message);
    }

    [Fact]
    public void UnsupportedMajorVersionIsRejected()
    {
        var file = new CaptureBytes().PcapHeader(major: 3).ToArray();

        Assert.False(CaptureReader.TryOpen(new MemoryStream(file), out _, out var error));
        Assert.Equal(CaptureErrorReason.UnsupportedVersion, error!.Reason);
        Assert.Equal(4, error.Offset);
    }

    [Fact]
    public void TruncatedRecordHeaderNamesTheRecordOffset()
    {
        var file = new CaptureBytes().PcapHeader().PcapRecord(0, 0, EthernetIPv4).Raw(1, 2, 3).ToArray();

        var (packets, error) = CaptureTestStreams.ReadAll(file);

        Assert.Single(packets);
        Assert.Equal(CaptureErrorReason.TruncatedRecordHeader, error!.Reason);
        Assert.Equal(24 + 16 + EthernetIPv4.Length, error.Offset);
    }

    [Fact]
    public void TruncatedPacketDataNamesTheRecordOffset()
    {
        var file = new CaptureBytes().PcapHeader().PcapRecord(0, 0, EthernetIPv4).ToArray()[..^5];

        var (packets, error) = CaptureTestStreams.ReadAll(file);

        Assert.Empty(packets);
        Assert.Equal(CaptureErrorReason.TruncatedRecordData, error!.Reason);
        Assert.Equal(24, error.Offset);
        Assert.Equal($"offset 24: truncated packet data (needed {EthernetIPv4.Length} octets, {EthernetIPv4.Length - 5} available)", error.ToString());
    }

    [Fact]
    public void AbsurdCapturedLengthIsRejectedBeforeAllocating()
    {
        var file = new CaptureBytes().PcapHeader().U32(0).U32(0).U32(0x7FFF_FFFF).U32(60).ToArray();

        var (_, error) = CaptureTestStreams.ReadAll(file);

        Assert.Equal(CaptureErrorReason.RecordTooLarge, error!.Reason);
        Assert.Equal(24, error.Offset);
    }

    [Fact]
    public void ReadNextThrowsWithOffsetAfterGoodPackets()
    {
        var file = new CaptureBytes().PcapHeader().PcapRecord(0, 0, EthernetIPv4).PcapRecord(0, 0, EthernetIPv4).ToArray()[..^1];
        using var reader = CaptureTestStreams.Open(file);

        Assert.True(reader.ReadNext(out _));
        var error = Assert.Throws<CaptureFormatException>(() => reader.ReadNext(out _));
        Assert.Equal(24 + 16 + EthernetIPv4.Length, error.Offset);
        Assert.Equal(CaptureReadStatus.Error, reader.TryReadNext(out _));
    }

    [Fact]
    public void EveryPrefixEitherEndsCleanlyOrReportsAnErrorWithoutThrowing()
    {
        var file = new CaptureBytes().PcapHeader().PcapRecord(0, 0, EthernetIPv4).PcapRecord(1, 0, Frames.Ethernet(0x86DD, Frames.IPv6Packet)).ToArray();
        var boundaries = new HashSet<int> { 24, 24 + 16 + EthernetIPv4.Length, file.Length };

        for (var length = 0; length <= file.Length; length++)
        {
            var (packets, error) = CaptureTestStreams.ReadAll(file[..length]);

            Assert.True(boundaries.Contains(length) == (error is null), $"prefix {length}: {error}");
            Assert.True(error is null || error.Offset <= length, $"prefix {length}: {error}");
        }
    }

    [Fact]
    public void OneOctetAtATimeFromANonSeekableStreamGivesTheSamePackets()
    {
        var file = new CaptureBytes(bigEndian: true).PcapHeader().PcapRecord(7, 8, EthernetIPv4).PcapRecord(9, 10, EthernetIPv4).ToArray();

        var whole = CaptureTestStreams.ReadAll(file);
        var trickled = CaptureTestStreams.ReadAll(new OneOctetStream(file));

        Assert.Null(trickled.Error);
        Assert.Equal(whole.Packets.Count, trickled.Packets.Count);
        Assert.Equal(whole.Packets[1].Frame, trickled.Packets[1].Frame);
        Assert.Equal(whole.Packets[1].TimestampNanoseconds, trickled.Packets[1].TimestampNanoseconds);
    }

    [Fact]
    public void IoFailureBecomesAnErrorNotAnException()
    {
        var file = new CaptureBytes().PcapHeader().PcapRecord(0, 0, EthernetIPv4).PcapRecord(0, 0, EthernetIPv4).ToArray();

        var (packets, error) = CaptureTestStreams.ReadAll(new FailingStream(file, file.Length - 4));

        Assert.Single(packets);
        Assert.Equal(CaptureErrorReason.IoError, error!.Reason);
    }

    [Fact]
    public void PacketsShareOneReusedBuffer()
    {
        var builder = new CaptureBytes().PcapHeader();
        for (var i = 0; i < 1000; i++)
        {
            builder.PcapRecord((uint)i, 0, EthernetIPv4);
        }

        using var reader = CaptureTestStreams.Open(builder.ToArray());
        Assert.True(reader.ReadNext(out var first));
        Assert.True(MemoryMarshal.TryGetArray(first.Frame, out var firstSegment));

        var before = GC.GetAllocatedBytesForCurrentThread();
        var count = 1;
        while (reader.ReadNext(out var packet))
        {
            Assert.True(MemoryMarshal.TryGetArray(packet.Frame, out var segment));
            Assert.Same(firstSegment.Array, segment.Array);
            count++;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1000, count);
        Assert.True(allocated < 1000, $"allocated {allocated} bytes for 999 packets");
    }
}
