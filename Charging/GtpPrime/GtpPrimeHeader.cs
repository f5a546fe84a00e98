namespace Charging.GtpPrime;

/// <summary>
/// A decoded GTP' header (TS 32.295 §6.1.1). <see cref="Length"/> counts the octets after the header.
/// </summary>
/// <param name="LongHeader">True only for v0 with bit 1 = 0 (20-octet header); always false for v1/v2.</param>
/// <param name="SpareBits">Bits 4-2 of octet 1 as a 3-bit value (sent as 0b111; any value is accepted).</param>
public readonly record struct GtpPrimeHeader(
    byte Version,
    GtpPrimeMessageType MessageType,
    ushort Length,
    ushort SequenceNumber,
    bool LongHeader,
    byte SpareBits)
{
    public const int ShortLength = 6;
    public const int LongLength = 20;

    public int HeaderLength => LongHeader ? LongLength : ShortLength;
    public int MessageLength => HeaderLength + Length;
    public GtpPrimeHeaderForm Form => new(Version, LongHeader);
}

/// <summary>The version and header form a message is sent with; a response copies its request's form.</summary>
public readonly record struct GtpPrimeHeaderForm(byte Version, bool LongHeader)
{
    public static GtpPrimeHeaderForm V2 => new(2, false);
    public int HeaderLength => LongHeader ? GtpPrimeHeader.LongLength : GtpPrimeHeader.ShortLength;
}
