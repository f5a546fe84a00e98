using System.Buffers;
using System.Net;

namespace Charging.CdrFiles;

/// <summary>
/// Collects the CDRs of one TS 32.297 file in memory (per-CDR header + record octets as received),
/// tracking count, size and the highest and lowest release/version, then writes header and body.
/// The header's length fields depend on the release codes of all records, hence body first.
/// </summary>
public sealed class CdrFileBuilder
{
    private readonly ArrayBufferWriter<byte> _body;
    private CdrReleaseVersion? _high;
    private CdrReleaseVersion? _low;

    public CdrFileBuilder(int initialCapacity = 1 << 20)
    {
        _body = new ArrayBufferWriter<byte>(Math.Max(initialCapacity, 256));
    }

    public int Count { get; private set; }

    /// <summary>Octets of the file so far with the smallest header (what a size limit is checked against).</summary>
    public long Length => CdrFileHeader.FixedLength + 2 + _body.WrittenCount;

    /// <summary>The records' octets as written (per-CDR headers included), in order.</summary>
    public ReadOnlySpan<byte> Body => _body.WrittenSpan;

    /// <summary>Octets one more record of <paramref name="recordLength"/> adds (header of 4 or 5 + record).</summary>
    public static int AppendedLength(int recordLength, CdrReleaseVersion releaseVersion) =>
        (releaseVersion.HasExtension ? 5 : 4) + recordLength;

    /// <summary>
    /// Appends one record; it must be at most 65535 octets (the CDR length field is 2 octets), and
    /// <paramref name="dataRecordFormat"/> a CDR header code TS 32.297 defines (1-4), never a GTP' value cut to 3 bits.
    /// </summary>
    public void Append(ReadOnlySpan<byte> record, CdrReleaseVersion releaseVersion, byte dataRecordFormat, byte tsNumber = CdrHeader.Ts32251)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(record.Length, ushort.MaxValue);
        if (DataRecordFormat.FileCodeName(dataRecordFormat) is null)
            throw new ArgumentOutOfRangeException(nameof(dataRecordFormat), dataRecordFormat, "not a TS 32.297 data record format code (1-4)");
        var header = new CdrHeader((ushort)record.Length, releaseVersion, dataRecordFormat, tsNumber);
        var destination = _body.GetSpan(header.EncodedLength + record.Length);
        var written = header.Encode(destination);
        record.CopyTo(destination[written..]);
        _body.Advance(written + record.Length);
        Count++;
        if (_high is null || releaseVersion.CompareTo(_high.Value) > 0)
            _high = releaseVersion;
        if (_low is null || releaseVersion.CompareTo(_low.Value) < 0)
            _low = releaseVersion;
    }

    /// <summary>The complete header for what was appended.</summary>
    public CdrFileHeader CreateHeader(uint fileSequenceNumber, FileClosureTriggerReason reason, IPAddress nodeAddress,
        DateTimeOffset openedAt, DateTimeOffset lastAppendedAt, byte lostCdrIndicator = 0)
    {
        var header = new CdrFileHeader
        {
            HighReleaseVersion = _high ?? new CdrReleaseVersion(3, 0),
            LowReleaseVersion = _low ?? new CdrReleaseVersion(3, 0),
            OpeningTimestamp = CdrFileTimestamp.From(openedAt),
            LastCdrAppendTimestamp = CdrFileTimestamp.From(lastAppendedAt),
            CdrCount = (uint)Count,
            FileSequenceNumber = fileSequenceNumber,
            ClosureTriggerReason = reason,
            NodeAddress = nodeAddress,
            LostCdrIndicator = lostCdrIndicator,
        };
        return header with { FileLength = (uint)(header.EncodedLength + _body.WrittenCount) };
    }

    /// <summary>Writes header then body; returns the file length.</summary>
    public long WriteTo(Stream stream, CdrFileHeader header)
    {
        Span<byte> buffer = stackalloc byte[CdrFileHeader.FixedLength + 2];
        var headerBytes = header.EncodedLength <= buffer.Length ? buffer : new byte[header.EncodedLength];
        var length = header.Encode(headerBytes);
        stream.Write(headerBytes[..length]);
        stream.Write(_body.WrittenSpan);
        return length + _body.WrittenCount;
    }

    /// <summary>Starts a new file.</summary>
    public void Clear()
    {
        _body.ResetWrittenCount();
        Count = 0;
        _high = _low = null;
    }
}
