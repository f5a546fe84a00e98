using System.Buffers.Binary;

namespace Gtp.Firewall.Capture;

/// <summary>
/// libpcap file reader (draft-ietf-opsawg-pcap): 24-octet file header, then 16-octet record headers each followed by
/// the captured octets. Byte order and timestamp resolution come from the magic number.
/// </summary>
internal sealed class PcapReader : CaptureReader
{
    private const int FileHeaderLength = 24;
    private const int RecordHeaderLength = 16;
    private const ushort SupportedMajorVersion = 2;

    // draft-ietf-opsawg-pcap §4: LinkType and additional information; the link type is the low 16 bits (libpcap LT_LINKTYPE).
    private const uint LinkTypeMask = 0x0000FFFF;

    private readonly bool _bigEndian;
    private readonly long _nanosecondsPerFractionUnit;
    private LinkType _linkType;

    public PcapReader(CaptureInput input, bool bigEndian, bool nanoseconds)
        : base(input)
    {
        _bigEndian = bigEndian;
        _nanosecondsPerFractionUnit = nanoseconds ? 1 : 1000;
    }

    public override CaptureFileFormat Format => CaptureFileFormat.Pcap;

    /// <summary>Link type of every record in the file.</summary>
    public LinkType LinkType => _linkType;

    private protected override CaptureError? ReadFileHeader()
    {
        // Magic (4, already read), major (2), minor (2), reserved1/thiszone (4), reserved2/sigfigs (4), SnapLen (4), LinkType (4).
        Span<byte> header = stackalloc byte[FileHeaderLength - 4];
        var read = Input.Read(header);
        if (read < header.Length)
        {
            return new CaptureError(0, CaptureErrorReason.TruncatedFileHeader, $"truncated pcap file header ({read + 4} of {FileHeaderLength} octets)");
        }

        var major = ReadUInt16(header);
        if (major != SupportedMajorVersion)
        {
            return new CaptureError(4, CaptureErrorReason.UnsupportedVersion, $"unsupported pcap version {major}.{ReadUInt16(header[2..])}");
        }

        _linkType = (LinkType)(ReadUInt32(header[16..]) & LinkTypeMask);
        return null;
    }

    private protected override CaptureReadStatus ReadNextCore(out CapturedPacket packet)
    {
        packet = default;
        var recordOffset = Input.Position;
        Span<byte> header = stackalloc byte[RecordHeaderLength];
        var read = Input.Read(header);
        if (read == 0)
        {
            return CaptureReadStatus.EndOfCapture;
        }

        if (read < RecordHeaderLength)
        {
            return Fail(recordOffset, CaptureErrorReason.TruncatedRecordHeader, $"truncated pcap record header ({read} of {RecordHeaderLength} octets)");
        }

        // ts_sec (4), ts_usec or ts_nsec (4), CapLen (4), OrigLen (4).
        var seconds = ReadUInt32(header);
        var fraction = ReadUInt32(header[4..]);
        var capturedLength = ReadUInt32(header[8..]);
        var originalLength = ReadUInt32(header[12..]);
        if (capturedLength > MaxRecordLength)
        {
            return Fail(recordOffset, CaptureErrorReason.RecordTooLarge, $"pcap record captured length {capturedLength} exceeds {MaxRecordLength}");
        }

        var length = (int)capturedLength;
        var buffer = RentBuffer(length);
        read = Input.Read(buffer.AsSpan(0, length));
        if (read < length)
        {
            return Fail(recordOffset, CaptureErrorReason.TruncatedRecordData, $"truncated packet data (needed {length} octets, {read} available)");
        }

        var timestamp = (seconds * 1_000_000_000L) + (fraction * _nanosecondsPerFractionUnit);
        packet = CreatePacket(timestamp, 0, _linkType, (int)Math.Min(originalLength, int.MaxValue), buffer.AsMemory(0, length));
        return CaptureReadStatus.Packet;
    }

    private ushort ReadUInt16(ReadOnlySpan<byte> source) =>
        _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(source) : BinaryPrimitives.ReadUInt16LittleEndian(source);

    private uint ReadUInt32(ReadOnlySpan<byte> source) =>
        _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(source) : BinaryPrimitives.ReadUInt32LittleEndian(source);
}
