namespace Charging.GtpPrime;

/// <summary>
/// A decoded GTP' header (TS 32.295 §6.1.1). <see cref="Length"/> counts the octets after the header.
/// </summary>
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
