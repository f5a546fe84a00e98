namespace Charging.CdrFiles;

/// <summary>
/// The Data Record Format of GTP' (TS 32.295 IE 252 octet 5, one octet) and of the TS 32.297 per-CDR header (bits
/// 8-6 of its fourth octet), and how one maps to the other (docs/gtp-prime.md §3.1, docs/cdr-formats.md §4).
/// Only 1 BER, 2 unaligned PER and 3 aligned PER are defined by both with the same code, so only they cross:
/// every other GTP' value would need a label the CDR header does not have.
/// </summary>
public static class DataRecordFormat
{
    /// <summary>1: ASN.1 BER, in GTP' and in the CDR header.</summary>
    public const byte Ber = 1;
    /// <summary>2: ASN.1 unaligned PER, in GTP' and in the CDR header.</summary>
    public const byte UnalignedPer = 2;
    /// <summary>3: ASN.1 aligned PER, in GTP' and in the CDR header.</summary>
    public const byte AlignedPer = 3;
    /// <summary>4 in the CDR header: XER. GTP' has no value for XER (its 4 is reserved).</summary>
    public const byte FileXer = 4;

    // TS 32.295 IE 252: 0 is not used; 1-10 and 51-255 are for standards (1-3 assigned); 11-50 operator-specific.
    private const byte FirstOperatorSpecific = 11;
    private const byte LastOperatorSpecific = 50;

    /// <summary>What GTP' Data Record Format <paramref name="gtpFormat"/> is (docs/gtp-prime.md §3.1).</summary>
    public static DataRecordFormatClass Classify(byte gtpFormat) => gtpFormat switch
    {
        0 => DataRecordFormatClass.NotUsed,
        Ber or UnalignedPer or AlignedPer => DataRecordFormatClass.Exportable,
        >= FirstOperatorSpecific and <= LastOperatorSpecific => DataRecordFormatClass.OperatorSpecific,
        _ => DataRecordFormatClass.Reserved,
    };

    /// <summary>
    /// The CDR header code for records that arrived with GTP' format <paramref name="gtpFormat"/>: the same number for
    /// 1-3; false for every other value, which no CDR header code stands for.
    /// </summary>
    public static bool TryGetFileCode(int gtpFormat, out byte fileCode)
    {
        fileCode = gtpFormat is Ber or UnalignedPer or AlignedPer ? (byte)gtpFormat : (byte)0;
        return fileCode != 0;
    }

    /// <summary>
    /// The GTP' format for a CDR header code (<c>cdf send --file</c>): the same number for 1-3; false for 4 (XER, which
    /// GTP' cannot carry) and for the undefined codes 0 and 5-7.
    /// </summary>
    public static bool TryFromFileCode(byte fileCode, out byte gtpFormat) => TryGetFileCode(fileCode, out gtpFormat);

    /// <summary>The name of a CDR header code (docs/cdr-formats.md §4), or null for the undefined codes 0 and 5-7.</summary>
    public static string? FileCodeName(byte fileCode) => fileCode switch
    {
        Ber => "BER",
        UnalignedPer => "unaligned PER",
        AlignedPer => "aligned PER",
        FileXer => "XER",
        _ => null,
    };
}
