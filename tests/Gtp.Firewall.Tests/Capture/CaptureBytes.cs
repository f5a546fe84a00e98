using System.Buffers.Binary;

namespace Gtp.Firewall.Tests.Capture;

/// <summary>Builds pcap and pcapng files octet by octet, in either byte order, for reader tests.</summary>
internal sealed class CaptureBytes
{
    private readonly List<byte> _bytes = [];

    public CaptureBytes(bool bigEndian = false)
    {
        BigEndian = bigEndian;
    }

    public bool BigEndian { get; set; }

    public int Length => _bytes.Count;

    public byte[] ToArray() => [.. _bytes];

    public CaptureBytes Raw(params byte[] octets)
    {
        _bytes.AddRange(octets);
        return this;
    }

    public CaptureBytes U16(int value)
    {
        Span<byte> b = stackalloc byte[2];
        if (BigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(b, (ushort)value);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)value);
        }

        return Raw(b.ToArray());
    }

    public CaptureBytes U32(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        if (BigEndian)
        {
            BinaryPrimitives.WriteUInt32BigEndian(b, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        }

        return Raw(b.ToArray());
    }

    public CaptureBytes U64(ulong value) => BigEndian ? U32((uint)(value >> 32)).U32((uint)value) : U32((uint)value).U32((uint)(value >> 32));

    // ---- pcap (draft-ietf-opsawg-pcap) ----

    public CaptureBytes PcapHeader(uint magic = 0xA1B2C3D4, int linkType = 1, ushort major = 2, uint snapLength = 65535) =>
        U32(magic).U16(major).U16(4).U32(0).U32(0).U32(snapLength).U32((uint)linkType);

    public CaptureBytes PcapRecord(uint seconds, uint fraction, byte[] frame, int? capturedLength = null, int? originalLength = null) =>
        U32(seconds).U32(fraction).U32((uint)(capturedLength ?? frame.Length)).U32((uint)(originalLength ?? frame.Length)).Raw(frame);

    // ---- pcapng (draft-ietf-opsawg-pcapng) ----

    public CaptureBytes SectionHeader(ushort major = 1) =>
        Block(0x0A0D0D0A, b => b.U32(0x1A2B3C4D).U16(major).U16(0).U64(ulong.MaxValue));

    public CaptureBytes InterfaceDescription(int linkType, uint snapLength = 0, byte? tsResol = null, long? tsOffset = null) =>
        Block(1, b =>
        {
            b.U16(linkType).U16(0).U32(snapLength);
            if (tsResol is { } resol)
            {
                b.U16(9).U16(1).Raw(resol, 0, 0, 0);
            }

            if (tsOffset is { } offset)
            {
                b.U16(14).U16(8).U64((ulong)offset);
            }

            if (tsResol is not null || tsOffset is not null)
            {
                b.U16(0).U16(0);
            }
        });

    public CaptureBytes EnhancedPacket(uint interfaceId, ulong timestamp, byte[] frame, int? originalLength = null) =>
        Block(6, b => b.U32(interfaceId).U32((uint)(timestamp >> 32)).U32((uint)timestamp).U32((uint)frame.Length).U32((uint)(originalLength ?? frame.Length)).Raw(frame).Pad(frame.Length));

    public CaptureBytes SimplePacket(byte[] frame, int? originalLength = null) =>
        Block(3, b => b.U32((uint)(originalLength ?? frame.Length)).Raw(frame).Pad(frame.Length));

    public CaptureBytes ObsoletePacket(ushort interfaceId, ulong timestamp, byte[] frame) =>
        Block(2, b => b.U16(interfaceId).U16(0).U32((uint)(timestamp >> 32)).U32((uint)timestamp).U32((uint)frame.Length).U32((uint)frame.Length).Raw(frame).Pad(frame.Length));

    /// <summary>type, total length, body, total length; <paramref name="trailer"/> overrides the trailing length.</summary>
    public CaptureBytes Block(uint type, Action<CaptureBytes> body, uint? trailer = null, uint? leading = null)
    {
        var inner = new CaptureBytes(BigEndian);
        body(inner);
        var total = (uint)(inner.Length + 12);
        return U32(type).U32(leading ?? total).Raw(inner.ToArray()).U32(trailer ?? total);
    }

    public CaptureBytes Pad(int length)
    {
        for (var i = length; i % 4 != 0; i++)
        {
            _bytes.Add(0);
        }

        return this;
    }
}
