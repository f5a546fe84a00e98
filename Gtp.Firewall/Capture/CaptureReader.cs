using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Gtp.Firewall.Capture;

/// <summary>
/// Streams packets from a pcap or pcapng capture. One reusable buffer holds the current packet, so the hot loop
/// allocates nothing; each <see cref="CapturedPacket"/> is valid until the next read.
/// Malformed or truncated input never throws from the Try APIs: reading stops with <see cref="Error"/> set.
/// </summary>
/// <example>
/// <code>
/// using var reader = CaptureReader.OpenFile(path);               // throws CaptureFormatException on a bad header
/// while (reader.TryReadNext(out var packet) == CaptureReadStatus.Packet) { … packet.IpPacket.Span … }
/// if (reader.Error is { } error) Console.Error.WriteLine($"{path}: {error}");
/// </code>
/// </example>
public abstract class CaptureReader : IDisposable
{
    /// <summary>Largest record or block accepted, to bound the buffer (Wireshark's WTAP_MAX_PACKET_SIZE_STANDARD is 256 KiB; pcapng blocks may carry options).</summary>
    public const int MaxRecordLength = 16 * 1024 * 1024;

    private const int InitialBufferLength = 64 * 1024;

    // pcap magic numbers as read little-endian (draft-ietf-opsawg-pcap §4).
    private const uint PcapMagicMicroseconds = 0xA1B2C3D4;
    private const uint PcapMagicNanoseconds = 0xA1B23C4D;
    private const uint PcapMagicMicrosecondsSwapped = 0xD4C3B2A1;
    private const uint PcapMagicNanosecondsSwapped = 0x4D3CB2A1;

    // pcapng Section Header Block type, a palindrome so it reads the same in both byte orders (draft-ietf-opsawg-pcapng §4.1).
    private const uint PcapngSectionHeaderBlockType = 0x0A0D0D0A;

    private protected readonly CaptureInput Input;
    private byte[] _buffer = new byte[InitialBufferLength];

    private protected CaptureReader(CaptureInput input)
    {
        Input = input;
    }

    public abstract CaptureFileFormat Format { get; }

    /// <summary>Set once reading has stopped on malformed or truncated input.</summary>
    public CaptureError? Error { get; private protected set; }

    /// <summary>Offset of the next unread octet.</summary>
    public long Position => Input.Position;

    /// <summary>Detects the format from the first four octets and reads the file header.</summary>
    public static bool TryOpen(
        Stream stream, [NotNullWhen(true)] out CaptureReader? reader, [NotNullWhen(false)] out CaptureError? error, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var input = new CaptureInput(stream, leaveOpen);
        reader = null;
        try
        {
            Span<byte> magic = stackalloc byte[4];
            var read = input.Read(magic);
            if (read < magic.Length)
            {
                error = new CaptureError(0, CaptureErrorReason.TruncatedFileHeader, $"truncated file header ({read} of 4 magic octets)");
                input.Dispose();
                return false;
            }

            var value = BinaryPrimitives.ReadUInt32LittleEndian(magic);
            CaptureReader? candidate = value switch
            {
                PcapMagicMicroseconds => new PcapReader(input, bigEndian: false, nanoseconds: false),
                PcapMagicNanoseconds => new PcapReader(input, bigEndian: false, nanoseconds: true),
                PcapMagicMicrosecondsSwapped => new PcapReader(input, bigEndian: true, nanoseconds: false),
                PcapMagicNanosecondsSwapped => new PcapReader(input, bigEndian: true, nanoseconds: true),
                PcapngSectionHeaderBlockType => new PcapngReader(input),
                _ => null,
            };

            if (candidate is null)
            {
                error = new CaptureError(0, CaptureErrorReason.UnknownFormat, $"not a pcap or pcapng file (magic 0x{value:X8})");
                input.Dispose();
                return false;
            }

            error = candidate.ReadFileHeader();
            if (error is not null)
            {
                candidate.Dispose();
                return false;
            }

            reader = candidate;
            error = null;
            return true;
        }
        catch (IOException ex)
        {
            error = new CaptureError(input.Position, CaptureErrorReason.IoError, $"read failed: {ex.Message}");
            input.Dispose();
            return false;
        }
    }

    /// <summary>Like <see cref="TryOpen"/>, but throws <see cref="CaptureFormatException"/>.</summary>
    public static CaptureReader Open(Stream stream, bool leaveOpen = false)
    {
        if (!TryOpen(stream, out var reader, out var error, leaveOpen))
        {
            throw new CaptureFormatException(error);
        }

        return reader;
    }

    /// <summary>Opens a file for sequential reading; throws <see cref="CaptureFormatException"/> on a bad header and the usual I/O exceptions if the file cannot be opened.</summary>
    public static CaptureReader OpenFile(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
        return Open(stream);
    }

    /// <summary>
    /// Reads the next packet. After <see cref="CaptureReadStatus.Error"/> or <see cref="CaptureReadStatus.EndOfCapture"/>
    /// every further call returns the same status.
    /// </summary>
    public CaptureReadStatus TryReadNext(out CapturedPacket packet)
    {
        packet = default;
        if (Error is not null)
        {
            return CaptureReadStatus.Error;
        }

        try
        {
            var status = ReadNextCore(out packet);
            if (status == CaptureReadStatus.Error)
            {
                packet = default;
            }

            return status;
        }
        catch (IOException ex)
        {
            Error = new CaptureError(Input.Position, CaptureErrorReason.IoError, $"read failed: {ex.Message}");
            packet = default;
            return CaptureReadStatus.Error;
        }
    }

    /// <summary>Reads the next packet; false at the end; throws <see cref="CaptureFormatException"/> on malformed input.</summary>
    public bool ReadNext(out CapturedPacket packet)
    {
        return TryReadNext(out packet) switch
        {
            CaptureReadStatus.Packet => true,
            CaptureReadStatus.EndOfCapture => false,
            _ => throw new CaptureFormatException(Error!),
        };
    }

    public void Dispose()
    {
        Input.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Reads the rest of the file header after the four magic octets; returns null on success.</summary>
    private protected abstract CaptureError? ReadFileHeader();

    private protected abstract CaptureReadStatus ReadNextCore(out CapturedPacket packet);

    private protected CaptureReadStatus Fail(long offset, CaptureErrorReason reason, string detail)
    {
        Error = new CaptureError(offset, reason, detail);
        return CaptureReadStatus.Error;
    }

    /// <summary>The reused buffer, grown (never shrunk) to at least <paramref name="length"/> octets.</summary>
    private protected byte[] RentBuffer(int length)
    {
        if (_buffer.Length < length)
        {
            _buffer = new byte[Math.Max(length, Math.Min(_buffer.Length * 2, MaxRecordLength))];
        }

        return _buffer;
    }

    private protected static CapturedPacket CreatePacket(
        long timestampNanoseconds, int interfaceIndex, LinkType linkType, int originalLength, ReadOnlyMemory<byte> frame)
    {
        var protocol = LinkLayerDecoder.Locate(linkType, frame.Span, out var networkOffset);
        return new CapturedPacket(timestampNanoseconds, interfaceIndex, linkType, originalLength, frame, protocol, networkOffset);
    }
}
