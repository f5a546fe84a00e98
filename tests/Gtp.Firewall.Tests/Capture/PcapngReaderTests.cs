using Gtp.Firewall.Capture;
using System.Runtime.InteropServices;

namespace Gtp.Firewall.Tests.Capture;

public class PcapngReaderTests
{
    private static readonly byte[] EthernetIPv4 = Frames.Ethernet(0x0800, Frames.IPv4Packet);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void EnhancedPacketBlocksAreReadInBothByteOrders(bool bigEndian)
    {
        var file = new CaptureBytes(bigEndian)
            .SectionHeader()
            .InterfaceDescription(1)
            .EnhancedPacket(0, 1_700_000_000_123_456UL, EthernetIPv4)
            .ToArray();

        var (packets, error) = CaptureTestStreams.ReadAll(file);

        Assert.Null(error);
        var packet = Assert.Single(packets);
        Assert.Equal(1_700_000_000_123_456_000L, packet.TimestampNanoseconds); // default if_tsresol 6
        Assert.Equal(LinkType.Ethernet, packet.LinkType);
        Assert.Equal(CaptureNetworkProtocol.IPv4, packet.NetworkProtocol);
        Assert.Equal(Frames.IPv4Packet, packet.IpPacket);
    }

    [Fact]
    public void EachInterfaceKeepsItsOwnLinkType()
    {
        var file = new CaptureBytes()
            .SectionHeader()
            .InterfaceDescription(1)
            .InterfaceDescription(276)
            .InterfaceDescription(101)
            .EnhancedPacket(1, 0, Frames.LinuxSll2(0x86DD, Frames.IPv6Packet))
            .EnhancedPacket(2, 0, Frames.IPv4Packet)
            .EnhancedPacket(0, 0, EthernetIPv4)
            .ToArray();

        var (packets, error) = CaptureTestStreams.ReadAll(file);

        Assert.Null(error);
        Assert.Equal([1, 2, 0], packets.Select(p => p.InterfaceIndex));
        Assert.Equal([LinkType.LinuxSll2, LinkType.Raw, LinkType.Ethernet], packets.Select(p => p.LinkType));
        Assert.Equal([20, 0, 14], packets.Select(p => p.NetworkOffset));
        Assert.Equal([CaptureNetworkProtocol.IPv6, CaptureNetworkProtocol.IPv4, CaptureNetworkProtocol.IPv4], packets.Select(p => p.NetworkProtocol));
    }

    [Theory]
    [InlineData((byte)9, 1_700_000_000_123_456_789UL, 1_700_000_000_123_456_789L)]
    [InlineData((byte)3, 1_700_000_000_123UL, 1_700_000_000_123_000_000L)]
    [InlineData((byte)12, 1_700_000_000_123_456_789UL, 1_700_000_000_123_456L)]
    [InlineData((byte)0x80 | 10, (1_700_000_000UL << 10) | 512, 1_700_000_000_500_000_000L)]
    [InlineData((byte)0x80 | 30, (3UL << 30) | (1UL << 28), 3_250_000_000L)]
    public void IfTsResolScalesTimestamps(byte tsResol, ulong units, long expectedNanoseconds)
    {
        var file = new CaptureBytes().SectionHeader().InterfaceDescription(101, tsResol: tsResol).EnhancedPacket(0, units, Frames.IPv4Packet).ToArray();

        var packet = Assert.Single(CaptureTestStreams.ReadAll(file).Packets);

        Assert.Equal(expectedNanoseconds, packet.TimestampNanoseconds);
    }

    [Fact]
    public void IfTsOffsetAddsSeconds()
    {
        var file = new CaptureBytes(bigEndian: true).SectionHeader().InterfaceDescription(101, tsResol: 9, tsOffset: 1_000).EnhancedPacket(0, 5, Frames.IPv4Packet).ToArray();

        var packet = Assert.Single(CaptureTestStreams.ReadAll(file).Packets);

        Assert.Equal(1_000_000_000_005L, packet.TimestampNanoseconds);
    }

    [Fact]
    public void SimplePacketBlockUsesInterfaceZeroAndItsSnapLength()
    {
        var file = new CaptureBytes().SectionHeader().InterfaceDescription(1, snapLength: 30).SimplePacket(EthernetIPv4).ToArray();

        var packet = Assert.Single(CaptureTestStreams.ReadAll(file).Packets);

        Assert.Equal(0, packet.InterfaceIndex);
        Assert.Equal(0, packet.TimestampNanoseconds);
        Assert.Equal(30, packet.Frame.Length);
        Assert.Equal(EthernetIPv4.Length, packet.OriginalLength);
        Assert.Equal(CaptureNetworkProtocol.IPv4, packet.NetworkProtocol);
    }

    [Fact]
    public void ObsoletePacketBlockIsRead()
    {
        var file = new CaptureBytes().SectionHeader().InterfaceDescription(113).ObsoletePacket(0, 2_000_000, Frames.LinuxSll(0x0800, Frames.IPv4Packet)).ToArray();

        var packet = Assert.Single(CaptureTestStreams.ReadAll(file).Packets);

        Assert.Equal(2_000_000_000L, packet.TimestampNanoseconds);
        Assert.Equal(16, packet.NetworkOffset);
    }

    [Fact]
    public void UnknownBlocksAreSkipped()
    {
        var file = new CaptureBytes()
            .SectionHeader()
            .Block(4, b => b.U16(0).U16(0))                                      // Name Resolution Block, end of records
            .InterfaceDescription(1)
            .Block(5, b => b.U32(0).U32(0).U32(0))                               // Interface Statistics Block
            .Block(0x00000BAD, b => b.U32(32473).Raw(new byte[100_000]))         // Custom Block, larger than the initial buffer
            .EnhancedPacket(0, 0, EthernetIPv4)
            .Block(0x40000001, b => b.Raw(1, 2, 3, 4))                           // reserved local-use type
            .ToArray();

        var (packets, error) = CaptureTestStreams.ReadAll(file);

        Assert.Null(error);
        Assert.Single(packets);
    }

    [Fact]
    public void SectionsSwitchByteOrderAndResetInterfaces()
    {
        var builder = new CaptureBytes().SectionHeader().InterfaceDescription(1).EnhancedPacket(0, 1, EthernetIPv4);
        builder.BigEndian = true;
        builder.SectionHeader().InterfaceDescription(101).EnhancedPacket(0, 2, Frames.IPv4Packet);
        builder.BigEndian = false;
        var secondSectionEnd = builder.Length;
        builder.SectionHeader().EnhancedPacket(0, 3, EthernetIPv4);

        var (packets, error) = CaptureTestStreams.ReadAll(builder.ToArray());

        Assert.Equal([LinkType.Ethernet, LinkType.Raw], packets.Select(p => p.LinkType));
        Assert.Equal([1_000L, 2_000L], packets.Select(p => p.TimestampNanoseconds));
        Assert.Equal(CaptureErrorReason.UnknownInterface, error!.Reason);
        Assert.Equal(secondSectionEnd + 28, error.Offset);
    }

    [Fact]
    public void PacketForUndescribedInterfaceIsAnError()
    {
        var file = new CaptureBytes().SectionHeader().InterfaceDescription(1).EnhancedPacket(1, 0, EthernetIPv4).ToArray();

        var (_, error) = CaptureTestStreams.ReadAll(file);

        Assert.Equal(CaptureErrorReason.UnknownInterface, error!.Reason);
        Assert.Equal(28 + 20, error.Offset);
        Assert.Equal("offset 48: pcapng Enhanced Packet Block names interface 1, but the section describes 1", error.ToString());
    }

    [Fact]
    public void SimplePacketWithoutInterfaceIsAnError()
    {
        var file = new CaptureBytes().SectionHeader().SimplePacket(EthernetIPv4).ToArray();

        Assert.Equal(CaptureErrorReason.UnknownInterface, CaptureTestStreams.ReadAll(file).Error!.Reason);
    }

    [Fact]
    public void TrailingLengthMismatchIsAnError()
    {
        var file = new CaptureBytes().SectionHeader().InterfaceDescription(1).Block(6, b => b.U32(0).U32(0).U32(0).U32(0).U32(0), trailer: 36).ToArray();

        var (_, error) = CaptureTestStreams.ReadAll(file);

        Assert.Equal(CaptureErrorReason.BlockLengthMismatch, error!.Reason);
        Assert.Equal(48, error.Offset);
    }

    [Theory]
    [InlineData(8u)]
    [InlineData(33u)]
    public void InvalidBlockLengthIsAnError(uint length)
    {
        var file = new CaptureBytes().SectionHeader().U32(6).U32(length).Raw(new byte[40]).ToArray();

        var (_, error) = CaptureTestStreams.ReadAll(file);

        Assert.Equal(CaptureErrorReason.InvalidBlockLength, error!.Reason);
        Assert.Equal(28, error.Offset);
    }

    [Fact]
    public void CapturedLengthBeyondTheBlockIsAnError()
    {
        var file = new CaptureBytes().SectionHeader().InterfaceDescription(1)
            .Block(6, b => b.U32(0).U32(0).U32(0).U32(64).U32(64).Raw(new byte[16]))
            .ToArray();

        Assert.Equal(CaptureErrorReason.InvalidCapturedLength, CaptureTestStreams.ReadAll(file).Error!.Reason);
    }

    [Fact]
    public void OptionRunningPastTheBlockIsAnError()
    {
        var file = new CaptureBytes().SectionHeader().Block(1, b => b.U16(1).U16(0).U32(0).U16(2).U16(40).Raw(1, 2, 3, 4)).ToArray();

        var (_, error) = CaptureTestStreams.ReadAll(file);

        Assert.Equal(CaptureErrorReason.InvalidOption, error!.Reason);
        Assert.Equal(28, error.Offset);
    }

    [Fact]
    public void BadByteOrderMagicIsAnError()
    {
        var file = new CaptureBytes().U32(0x0A0D0D0A).U32(28).U32(0x11223344).U16(1).U16(0).U64(0).U32(28).ToArray();

        Assert.False(CaptureReader.TryOpen(new MemoryStream(file), out _, out var error));
        Assert.Equal(CaptureErrorReason.InvalidByteOrderMagic, error!.Reason);
    }

    [Fact]
    public void UnsupportedSectionVersionIsAnError()
    {
        var file = new CaptureBytes().SectionHeader(major: 2).ToArray();

        Assert.False(CaptureReader.TryOpen(new MemoryStream(file), out _, out var error));
        Assert.Equal(CaptureErrorReason.UnsupportedVersion, error!.Reason);
    }

    [Fact]
    public void EveryPrefixEitherEndsCleanlyOrReportsAnErrorWithoutThrowing()
    {
        var builder = new CaptureBytes(bigEndian: true).SectionHeader();
        var boundaries = new HashSet<int> { builder.Length };
        builder.InterfaceDescription(1, tsResol: 9);
        boundaries.Add(builder.Length);
        builder.EnhancedPacket(0, 1, EthernetIPv4);
        boundaries.Add(builder.Length);
        builder.Block(0x00000BAD, b => b.U32(1).Raw(new byte[12]));
        boundaries.Add(builder.Length);
        builder.SimplePacket(EthernetIPv4);
        boundaries.Add(builder.Length);
        var file = builder.ToArray();

        for (var length = 0; length <= file.Length; length++)
        {
            var (_, error) = CaptureTestStreams.ReadAll(file[..length]);

            Assert.True(boundaries.Contains(length) == (error is null), $"prefix {length}: {error}");
        }
    }

    [Fact]
    public void OneOctetAtATimeFromANonSeekableStreamGivesTheSamePackets()
    {
        var file = new CaptureBytes().SectionHeader().InterfaceDescription(1).Block(0xBAD, b => b.Raw(new byte[70_000])).EnhancedPacket(0, 42, EthernetIPv4).ToArray();

        var (packets, error) = CaptureTestStreams.ReadAll(new OneOctetStream(file));

        Assert.Null(error);
        Assert.Equal(EthernetIPv4, Assert.Single(packets).Frame);
    }

    [Fact]
    public void ReadingPacketsDoesNotAllocate()
    {
        var builder = new CaptureBytes().SectionHeader().InterfaceDescription(1, tsResol: 9).InterfaceDescription(101);
        for (var i = 0; i < 1000; i++)
        {
            builder.EnhancedPacket((uint)(i % 2), (ulong)i, i % 2 == 0 ? EthernetIPv4 : Frames.IPv4Packet);
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

    [Fact]
    public void FormatIsPcapng()
    {
        using var reader = CaptureTestStreams.Open(new CaptureBytes().SectionHeader().ToArray());

        Assert.Equal(CaptureFileFormat.Pcapng, reader.Format);
        Assert.Equal(CaptureReadStatus.EndOfCapture, reader.TryReadNext(out _));
    }
}
