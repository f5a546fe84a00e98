using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Charging.CdrFiles;

/// <summary>
/// The TS 32.297 file header (docs/cdr-formats.md §4; same layout as SIG cgf_3gpp_file, F5C
/// cdrFile.go and O5G file.c), big-endian. The routeing filter and private extension length octets are
/// always written, even when zero (SIG's parser fails without them).
/// </summary>
public sealed record CdrFileHeader
{
    /// <summary>Octets up to and including the private extension length when both variable parts are empty.</summary>
    public const int FixedLength = 52;
    /// <summary>"Unknown" file length, tolerated on read (F5C).</summary>
    public const uint UnknownFileLength = 0xFFFFFFFF;
    private const int NodeAddressLength = 20;

    public uint FileLength { get; init; }
    public uint HeaderLength { get; init; }
    public CdrReleaseVersion HighReleaseVersion { get; init; }
    public CdrReleaseVersion LowReleaseVersion { get; init; }
    public CdrFileTimestamp OpeningTimestamp { get; init; }
    public CdrFileTimestamp LastCdrAppendTimestamp { get; init; }
    public uint CdrCount { get; init; }
    public uint FileSequenceNumber { get; init; }
    public FileClosureTriggerReason ClosureTriggerReason { get; init; }
    public IPAddress NodeAddress { get; init; } = IPAddress.IPv6Any;
    /// <summary>00 = no CDR lost (TS 32.297 leaves the high bit's meaning unclear; this CGF writes 00).</summary>
    public byte LostCdrIndicator { get; init; }
    public ReadOnlyMemory<byte> RouteingFilter { get; init; }
    public ReadOnlyMemory<byte> PrivateExtension { get; init; }

    /// <summary>Header length implied by the variable parts and the release codes.</summary>
    public int EncodedLength =>
        FixedLength + RouteingFilter.Length + PrivateExtension.Length +
        (HighReleaseVersion.HasExtension ? 1 : 0) + (LowReleaseVersion.HasExtension ? 1 : 0);

    /// <summary>Writes the header (with <see cref="HeaderLength"/> = <see cref="EncodedLength"/>); returns the octets written.</summary>
    public int Encode(Span<byte> destination)
    {
        var length = EncodedLength;
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination, FileLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)length);
        destination[8] = HighReleaseVersion.Octet;
        destination[9] = LowReleaseVersion.Octet;
        BinaryPrimitives.WriteUInt32BigEndian(destination[10..], OpeningTimestamp.Encode());
        BinaryPrimitives.WriteUInt32BigEndian(destination[14..], LastCdrAppendTimestamp.Encode());
        BinaryPrimitives.WriteUInt32BigEndian(destination[18..], CdrCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[22..], FileSequenceNumber);
        destination[26] = (byte)ClosureTriggerReason;
        EncodeNodeAddress(NodeAddress, destination.Slice(27, NodeAddressLength));
        destination[47] = LostCdrIndicator;
        var offset = 48;
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)RouteingFilter.Length);
        RouteingFilter.Span.CopyTo(destination[(offset + 2)..]);
        offset += 2 + RouteingFilter.Length;
        BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], (ushort)PrivateExtension.Length);
        PrivateExtension.Span.CopyTo(destination[(offset + 2)..]);
        offset += 2 + PrivateExtension.Length;
        if (HighReleaseVersion.HasExtension)
            destination[offset++] = HighReleaseVersion.Extension;
        if (LowReleaseVersion.HasExtension)
            destination[offset++] = LowReleaseVersion.Extension;
        return offset;
    }

    /// <summary>
    /// Reads the header at the start of a file. On failure, <paramref name="error"/> names the offset of
    /// the field that does not fit. <paramref name="fileLength"/> is the real length of the file.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> source, long fileLength, out CdrFileHeader header, out CdrFileError error)
    {
        header = new CdrFileHeader();
        if (source.Length < FixedLength)
        {
            error = new CdrFileError(source.Length, $"file ends inside the file header ({source.Length} of at least {FixedLength} octets)");
            return false;
        }
        var declaredFileLength = BinaryPrimitives.ReadUInt32BigEndian(source);
        if (declaredFileLength != UnknownFileLength && declaredFileLength != fileLength)
        {
            error = new CdrFileError(0, $"file length field says {declaredFileLength} octets, the file has {fileLength}");
            return false;
        }
        var headerLength = BinaryPrimitives.ReadUInt32BigEndian(source[4..]);
        if (headerLength < FixedLength || headerLength > source.Length)
        {
            error = new CdrFileError(4, $"header length {headerLength} is not in {FixedLength}-{source.Length}");
            return false;
        }
        var offset = 48;
        var filterLength = BinaryPrimitives.ReadUInt16BigEndian(source[offset..]);
        if (offset + 2 + filterLength + 2 > headerLength)
        {
            error = new CdrFileError(offset, $"CDR routeing filter length {filterLength} runs past the header (length {headerLength})");
            return false;
        }
        var filter = source.Slice(offset + 2, filterLength).ToArray();
        offset += 2 + filterLength;
        var extensionLength = BinaryPrimitives.ReadUInt16BigEndian(source[offset..]);
        if (offset + 2 + extensionLength > headerLength)
        {
            error = new CdrFileError(offset, $"private extension length {extensionLength} runs past the header (length {headerLength})");
            return false;
        }
        var extension = source.Slice(offset + 2, extensionLength).ToArray();
        offset += 2 + extensionLength;
        var highExtended = source[8] >> 5 == 7;
        var lowExtended = source[9] >> 5 == 7;
        var expected = offset + (highExtended ? 1 : 0) + (lowExtended ? 1 : 0);
        if (expected != headerLength)
        {
            error = new CdrFileError(offset, $"header length {headerLength} does not match its fields ({expected} octets with the release extensions)");
            return false;
        }
        var highExtension = highExtended ? source[offset++] : (byte)0;
        var lowExtension = lowExtended ? source[offset] : (byte)0;
        header = new CdrFileHeader
        {
            FileLength = declaredFileLength,
            HeaderLength = headerLength,
            HighReleaseVersion = CdrReleaseVersion.FromOctets(source[8], highExtension),
            LowReleaseVersion = CdrReleaseVersion.FromOctets(source[9], lowExtension),
            OpeningTimestamp = CdrFileTimestamp.Decode(BinaryPrimitives.ReadUInt32BigEndian(source[10..])),
            LastCdrAppendTimestamp = CdrFileTimestamp.Decode(BinaryPrimitives.ReadUInt32BigEndian(source[14..])),
            CdrCount = BinaryPrimitives.ReadUInt32BigEndian(source[18..]),
            FileSequenceNumber = BinaryPrimitives.ReadUInt32BigEndian(source[22..]),
            ClosureTriggerReason = (FileClosureTriggerReason)source[26],
            NodeAddress = DecodeNodeAddress(source.Slice(27, NodeAddressLength)),
            LostCdrIndicator = source[47],
            RouteingFilter = filter,
            PrivateExtension = extension,
        };
        error = default;
        return true;
    }

    /// <summary>FF FF FF FF then the IPv6 address; IPv4 as IPv4-mapped IPv6 (SIG, O5G).</summary>
    private static void EncodeNodeAddress(IPAddress address, Span<byte> destination)
    {
        destination[..4].Fill(0xFF);
        var v6 = address.AddressFamily == AddressFamily.InterNetwork ? address.MapToIPv6() : address;
        v6.TryWriteBytes(destination[4..], out _);
    }

    private static IPAddress DecodeNodeAddress(ReadOnlySpan<byte> source)
    {
        if (BinaryPrimitives.ReadUInt32BigEndian(source) != 0xFFFFFFFF)
            return new IPAddress(source[..4]); // F5C writes raw IPv4 first (nonconformant): read it anyway.
        var v6 = new IPAddress(source[4..]);
        return v6.IsIPv4MappedToIPv6 ? v6.MapToIPv4() : v6;
    }
}
