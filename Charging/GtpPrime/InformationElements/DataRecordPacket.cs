namespace Charging.GtpPrime.InformationElements;

/// <summary>How an empty Data Record Packet (test packet) was encoded on the wire (docs/gtp-prime.md §3.1).</summary>
public enum EmptyPacketForm : byte
{
    /// <summary>Not empty, or the ordinary encoding with a header.</summary>
    None = 0,
    /// <summary>IE length 0: the 3-octet IE <c>FC 00 00</c>.</summary>
    ZeroLength = 1,
    /// <summary>Number of Data Records = 0, with format and version octets present.</summary>
    ZeroRecords = 2,
}

/// <summary>
/// Data Record Packet, IE 252 (TS 32.295 §6.2.4.5.x; docs/gtp-prime.md §3.1).
/// <see cref="Records"/> are slices of the decoded buffer: copy them before the buffer is reused.
/// </summary>
public sealed record DataRecordPacket(
    byte DataRecordFormat,
    byte ApplicationIdentifier,
    byte ReleaseIdentifier,
    byte VersionIdentifier,
    byte? ReleaseIdentifierExtension,
    IReadOnlyList<ReadOnlyMemory<byte>> Records,
    EmptyPacketForm EmptyForm = EmptyPacketForm.None)
{
    public const byte FormatBer = Charging.CdrFiles.DataRecordFormat.Ber;

    public bool IsEmpty => Records.Count == 0;

    /// <summary>The zero-length empty packet <c>FC 00 00</c> used as a test packet.</summary>
    public static DataRecordPacket EmptyZeroLength { get; } =
        new(0, 0, 0, 0, null, Array.Empty<ReadOnlyMemory<byte>>(), EmptyPacketForm.ZeroLength);
}
