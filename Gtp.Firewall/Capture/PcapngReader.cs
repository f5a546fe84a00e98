using System.Buffers.Binary;

namespace Gtp.Firewall.Capture;

/// <summary>
/// pcapng reader (draft-ietf-opsawg-pcapng). Handles several sections, each with its own byte order and interfaces;
/// reads Interface Description, Enhanced Packet, Simple Packet and obsolete Packet blocks; skips every other block type.
/// </summary>
internal sealed class PcapngReader : CaptureReader
{
    // Block types (draft-ietf-opsawg-pcapng §4, §11.1).
    private const uint SectionHeaderBlockType = 0x0A0D0D0A;
    private const uint InterfaceDescriptionBlockType = 0x00000001;
    private const uint ObsoletePacketBlockType = 0x00000002;
    private const uint SimplePacketBlockType = 0x00000003;
    private const uint EnhancedPacketBlockType = 0x00000006;

    private const uint ByteOrderMagic = 0x1A2B3C4D;            // §4.1
    private const uint ByteOrderMagicSwapped = 0x4D3C2B1A;
    private const ushort SupportedMajorVersion = 1;

    private const int BlockOverheadLength = 12;                // type, leading length, trailing length
    private const int SectionHeaderMinLength = 28;             // + BOM 4, major 2, minor 2, section length 8
    private const int InterfaceDescriptionFixedLength = 8;     // LinkType 2, reserved 2, SnapLen 4
    private const int EnhancedPacketFixedLength = 20;          // interface 4, timestamp 8, CapLen 4, OrigLen 4
    private const int ObsoletePacketFixedLength = 20;          // interface 2, drops 2, timestamp 8, CapLen 4, OrigLen 4
    private const int SimplePacketFixedLength = 4;             // OrigLen 4

    // Options (§3.5, §4.2).
    private const ushort OptionEndOfOptions = 0;
    private const ushort OptionIfTsResol = 9;
    private const ushort OptionIfTsOffset = 14;
    private const byte DefaultTsResol = 6;                     // 10^-6 s when if_tsresol is absent
    private const byte TsResolBase2Flag = 0x80;                // MSB set: the exponent is a power of 2

    private static readonly long[] PowersOf10 =
    [
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L,
        10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L,
        1_000_000_000_000_000L, 10_000_000_000_000_000L, 100_000_000_000_000_000L, 1_000_000_000_000_000_000L,
    ];

    private readonly List<InterfaceDescription> _interfaces = [];
    private bool _bigEndian;

    public PcapngReader(CaptureInput input)
        : base(input)
    {
    }

    public override CaptureFileFormat Format => CaptureFileFormat.Pcapng;

    /// <summary>Interfaces described so far in the current section.</summary>
    public int InterfaceCount => _interfaces.Count;

    private protected override CaptureError? ReadFileHeader()
    {
        Span<byte> length = stackalloc byte[4];
        var read = Input.Read(length);
        if (read < length.Length)
        {
            return new CaptureError(0, CaptureErrorReason.TruncatedFileHeader, $"truncated pcapng Section Header Block ({read + 4} of 8 header octets)");
        }

        return ReadSectionHeader(0, length, CaptureErrorReason.TruncatedFileHeader);
    }

    private protected override CaptureReadStatus ReadNextCore(out CapturedPacket packet)
    {
        packet = default;
        Span<byte> head = stackalloc byte[8];
        while (true)
        {
            var blockOffset = Input.Position;
            var read = Input.Read(head);
            if (read == 0)
            {
                return CaptureReadStatus.EndOfCapture;
            }

            if (read < head.Length)
            {
                return Fail(blockOffset, CaptureErrorReason.TruncatedRecordHeader, $"truncated pcapng block header ({read} of 8 octets)");
            }

            var type = ReadUInt32(head);
            if (type == SectionHeaderBlockType)
            {
                // A new section: byte order and interface IDs start afresh (§4.1).
                var sectionError = ReadSectionHeader(blockOffset, head[4..], CaptureErrorReason.TruncatedRecordData);
                if (sectionError is not null)
                {
                    return Fail(sectionError.Offset, sectionError.Reason, sectionError.Detail);
                }

                continue;
            }

            var totalLength = ReadUInt32(head[4..]);
            if (totalLength < BlockOverheadLength || totalLength % 4 != 0)
            {
                return Fail(blockOffset, CaptureErrorReason.InvalidBlockLength, $"pcapng block type 0x{type:X8} has invalid total length {totalLength}");
            }

            if (totalLength > MaxRecordLength)
            {
                return Fail(blockOffset, CaptureErrorReason.RecordTooLarge, $"pcapng block type 0x{type:X8} length {totalLength} exceeds {MaxRecordLength}");
            }

            var bodyLength = (int)totalLength - BlockOverheadLength;
            if (type is not (InterfaceDescriptionBlockType or EnhancedPacketBlockType or SimplePacketBlockType or ObsoletePacketBlockType))
            {
                if (!SkipBody(blockOffset, type, bodyLength, totalLength))
                {
                    return CaptureReadStatus.Error;
                }

                continue;
            }

            var buffer = RentBuffer(bodyLength + 4);
            read = Input.Read(buffer.AsSpan(0, bodyLength + 4));
            if (read < bodyLength + 4)
            {
                return Fail(blockOffset, CaptureErrorReason.TruncatedRecordData, $"truncated pcapng block type 0x{type:X8} (needed {totalLength} octets, {read + 8} available)");
            }

            var trailer = ReadUInt32(buffer.AsSpan(bodyLength));
            if (trailer != totalLength)
            {
                return Fail(blockOffset, CaptureErrorReason.BlockLengthMismatch, $"pcapng block type 0x{type:X8} trailing length {trailer} differs from leading length {totalLength}");
            }

            var body = buffer.AsMemory(0, bodyLength);
            if (type == InterfaceDescriptionBlockType)
            {
                if (!ReadInterfaceDescription(blockOffset, body.Span))
                {
                    return CaptureReadStatus.Error;
                }

                continue;
            }

            return type switch
            {
                EnhancedPacketBlockType => ReadEnhancedPacket(blockOffset, body, out packet),
                SimplePacketBlockType => ReadSimplePacket(blockOffset, body, out packet),
                _ => ReadObsoletePacket(blockOffset, body, out packet),
            };
        }
    }

    // §4.1 Section Header Block; `lengthOctets` is the Block Total Length, whose byte order the BOM that follows decides.
    private CaptureError? ReadSectionHeader(long blockOffset, ReadOnlySpan<byte> lengthOctets, CaptureErrorReason truncatedReason)
    {
        Span<byte> bom = stackalloc byte[4];
        var read = Input.Read(bom);
        if (read < bom.Length)
        {
            return new CaptureError(blockOffset, truncatedReason, "truncated pcapng Section Header Block (no byte-order magic)");
        }

        switch (BinaryPrimitives.ReadUInt32LittleEndian(bom))
        {
            case ByteOrderMagic:
                _bigEndian = false;
                break;
            case ByteOrderMagicSwapped:
                _bigEndian = true;
                break;
            default:
                return new CaptureError(blockOffset, CaptureErrorReason.InvalidByteOrderMagic, $"pcapng byte-order magic 0x{BinaryPrimitives.ReadUInt32BigEndian(bom):X8} is not 0x1A2B3C4D");
        }

        var totalLength = ReadUInt32(lengthOctets);
        if (totalLength < SectionHeaderMinLength || totalLength % 4 != 0)
        {
            return new CaptureError(blockOffset, CaptureErrorReason.InvalidBlockLength, $"pcapng Section Header Block has invalid total length {totalLength}");
        }

        if (totalLength > MaxRecordLength)
        {
            return new CaptureError(blockOffset, CaptureErrorReason.RecordTooLarge, $"pcapng Section Header Block length {totalLength} exceeds {MaxRecordLength}");
        }

        var remaining = (int)totalLength - 12;
        var buffer = RentBuffer(remaining);
        read = Input.Read(buffer.AsSpan(0, remaining));
        if (read < remaining)
        {
            return new CaptureError(blockOffset, truncatedReason, $"truncated pcapng Section Header Block (needed {totalLength} octets, {read + 12} available)");
        }

        var trailer = ReadUInt32(buffer.AsSpan(remaining - 4));
        if (trailer != totalLength)
        {
            return new CaptureError(blockOffset, CaptureErrorReason.BlockLengthMismatch, $"pcapng Section Header Block trailing length {trailer} differs from leading length {totalLength}");
        }

        var major = ReadUInt16(buffer);
        if (major != SupportedMajorVersion)
        {
            return new CaptureError(blockOffset, CaptureErrorReason.UnsupportedVersion, $"unsupported pcapng version {major}.{ReadUInt16(buffer.AsSpan(2))}");
        }

        _interfaces.Clear();
        return null;
    }

    // Skips a block this reader does not interpret (§4: "unknown blocks ... MUST be skipped"), checking its trailer.
    private bool SkipBody(long blockOffset, uint type, int bodyLength, uint totalLength)
    {
        var scratch = RentBuffer(4);
        var skipped = Input.Skip(bodyLength, scratch);
        Span<byte> trailerOctets = stackalloc byte[4];
        var read = skipped == bodyLength ? Input.Read(trailerOctets) : 0;
        if (read < trailerOctets.Length)
        {
            Fail(blockOffset, CaptureErrorReason.TruncatedRecordData, $"truncated pcapng block type 0x{type:X8} (needed {totalLength} octets, {skipped + read + 8} available)");
            return false;
        }

        var trailer = ReadUInt32(trailerOctets);
        if (trailer != totalLength)
        {
            Fail(blockOffset, CaptureErrorReason.BlockLengthMismatch, $"pcapng block type 0x{type:X8} trailing length {trailer} differs from leading length {totalLength}");
            return false;
        }

        return true;
    }

    // §4.2 Interface Description Block.
    private bool ReadInterfaceDescription(long blockOffset, ReadOnlySpan<byte> body)
    {
        if (body.Length < InterfaceDescriptionFixedLength)
        {
            return Invalid(blockOffset, CaptureErrorReason.InvalidBlockLength, $"pcapng Interface Description Block body of {body.Length} octets is shorter than {InterfaceDescriptionFixedLength}");
        }

        var linkType = (LinkType)ReadUInt16(body);
        var snapLength = ReadUInt32(body[4..]);
        var tsResol = DefaultTsResol;
        var tsOffset = 0L;
        var options = body[InterfaceDescriptionFixedLength..];
        while (options.Length >= 4)
        {
            var code = ReadUInt16(options);
            var length = ReadUInt16(options[2..]);
            if (code == OptionEndOfOptions)
            {
                break;
            }

            var padded = (length + 3) & ~3;
            if (padded > options.Length - 4)
            {
                return Invalid(blockOffset, CaptureErrorReason.InvalidOption, $"pcapng interface {_interfaces.Count} option {code} length {length} runs past the block");
            }

            var value = options.Slice(4, length);
            if (code == OptionIfTsResol)
            {
                if (length != 1)
                {
                    return Invalid(blockOffset, CaptureErrorReason.InvalidOption, $"pcapng interface {_interfaces.Count} if_tsresol has length {length}, expected 1");
                }

                tsResol = value[0];
            }
            else if (code == OptionIfTsOffset)
            {
                if (length != 8)
                {
                    return Invalid(blockOffset, CaptureErrorReason.InvalidOption, $"pcapng interface {_interfaces.Count} if_tsoffset has length {length}, expected 8");
                }

                tsOffset = (long)ReadUInt64(value);
            }

            options = options[(4 + padded)..];
        }

        _interfaces.Add(new InterfaceDescription(linkType, snapLength, tsResol, tsOffset));
        return true;
    }

    private bool Invalid(long blockOffset, CaptureErrorReason reason, string detail)
    {
        Fail(blockOffset, reason, detail);
        return false;
    }

    // §4.3 Enhanced Packet Block.
    private CaptureReadStatus ReadEnhancedPacket(long blockOffset, ReadOnlyMemory<byte> body, out CapturedPacket packet)
    {
        packet = default;
        var span = body.Span;
        if (span.Length < EnhancedPacketFixedLength)
        {
            return Fail(blockOffset, CaptureErrorReason.InvalidBlockLength, $"pcapng Enhanced Packet Block body of {span.Length} octets is shorter than {EnhancedPacketFixedLength}");
        }

        var interfaceId = ReadUInt32(span);
        var units = ((ulong)ReadUInt32(span[4..]) << 32) | ReadUInt32(span[8..]);
        var capturedLength = ReadUInt32(span[12..]);
        var originalLength = ReadUInt32(span[16..]);
        return Deliver(blockOffset, "Enhanced Packet", interfaceId, units, capturedLength, originalLength, body[EnhancedPacketFixedLength..], out packet);
    }

    // §4.4 Simple Packet Block: interface 0, no timestamp, captured length implied by the block and SnapLen.
    private CaptureReadStatus ReadSimplePacket(long blockOffset, ReadOnlyMemory<byte> body, out CapturedPacket packet)
    {
        packet = default;
        if (body.Length < SimplePacketFixedLength)
        {
            return Fail(blockOffset, CaptureErrorReason.InvalidBlockLength, $"pcapng Simple Packet Block body of {body.Length} octets is shorter than {SimplePacketFixedLength}");
        }

        if (_interfaces.Count == 0)
        {
            return Fail(blockOffset, CaptureErrorReason.UnknownInterface, "pcapng Simple Packet Block before any Interface Description Block");
        }

        var originalLength = ReadUInt32(body.Span);
        var data = body[SimplePacketFixedLength..];
        var capturedLength = Math.Min(originalLength, (uint)data.Length);
        var snapLength = _interfaces[0].SnapLength;
        if (snapLength != 0)
        {
            capturedLength = Math.Min(capturedLength, snapLength);
        }

        var frame = data[..(int)capturedLength];
        packet = CreatePacket(0, 0, _interfaces[0].LinkType, (int)Math.Min(originalLength, int.MaxValue), frame);
        return CaptureReadStatus.Packet;
    }

    // Appendix A: obsolete Packet Block, still written by old tools.
    private CaptureReadStatus ReadObsoletePacket(long blockOffset, ReadOnlyMemory<byte> body, out CapturedPacket packet)
    {
        packet = default;
        var span = body.Span;
        if (span.Length < ObsoletePacketFixedLength)
        {
            return Fail(blockOffset, CaptureErrorReason.InvalidBlockLength, $"pcapng Packet Block body of {span.Length} octets is shorter than {ObsoletePacketFixedLength}");
        }

        var interfaceId = ReadUInt16(span);
        var units = ((ulong)ReadUInt32(span[4..]) << 32) | ReadUInt32(span[8..]);
        var capturedLength = ReadUInt32(span[12..]);
        var originalLength = ReadUInt32(span[16..]);
        return Deliver(blockOffset, "Packet", interfaceId, units, capturedLength, originalLength, body[ObsoletePacketFixedLength..], out packet);
    }

    private CaptureReadStatus Deliver(
        long blockOffset, string blockName, uint interfaceId, ulong units, uint capturedLength, uint originalLength, ReadOnlyMemory<byte> data, out CapturedPacket packet)
    {
        packet = default;
        if (interfaceId >= (uint)_interfaces.Count)
        {
            return Fail(blockOffset, CaptureErrorReason.UnknownInterface, $"pcapng {blockName} Block names interface {interfaceId}, but the section describes {_interfaces.Count}");
        }

        if (capturedLength > (uint)data.Length)
        {
            return Fail(blockOffset, CaptureErrorReason.InvalidCapturedLength, $"pcapng {blockName} Block captured length {capturedLength} exceeds the {data.Length} octets of packet data in the block");
        }

        var description = _interfaces[(int)interfaceId];
        var timestamp = ToNanoseconds(units, description.TsResol, description.TsOffsetSeconds);
        packet = CreatePacket(timestamp, (int)interfaceId, description.LinkType, (int)Math.Min(originalLength, int.MaxValue), data[..(int)capturedLength]);
        return CaptureReadStatus.Packet;
    }

    // §4.2 if_tsresol: MSB clear → units of 10^-n s, MSB set → units of 2^-n s; if_tsoffset adds whole seconds.
    internal static long ToNanoseconds(ulong units, byte tsResol, long offsetSeconds)
    {
        var exponent = tsResol & ~TsResolBase2Flag;
        long nanoseconds;
        if ((tsResol & TsResolBase2Flag) == 0)
        {
            if (exponent <= 9)
            {
                nanoseconds = unchecked((long)units * PowersOf10[9 - exponent]);
            }
            else
            {
                var divisorExponent = exponent - 9;
                nanoseconds = divisorExponent < PowersOf10.Length ? (long)(units / (ulong)PowersOf10[divisorExponent]) : 0;
            }
        }
        else if (exponent >= 64)
        {
            nanoseconds = 0;
        }
        else
        {
            var seconds = units >> exponent;
            var fraction = units & ((1UL << exponent) - 1);
            nanoseconds = unchecked((long)(seconds * 1_000_000_000UL) + (long)(((UInt128)fraction * 1_000_000_000UL) >> exponent));
        }

        return unchecked(nanoseconds + (offsetSeconds * 1_000_000_000L));
    }

    private ushort ReadUInt16(ReadOnlySpan<byte> source) =>
        _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(source) : BinaryPrimitives.ReadUInt16LittleEndian(source);

    private uint ReadUInt32(ReadOnlySpan<byte> source) =>
        _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(source) : BinaryPrimitives.ReadUInt32LittleEndian(source);

    private ulong ReadUInt64(ReadOnlySpan<byte> source) =>
        _bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(source) : BinaryPrimitives.ReadUInt64LittleEndian(source);

    private readonly record struct InterfaceDescription(LinkType LinkType, uint SnapLength, byte TsResol, long TsOffsetSeconds);
}
