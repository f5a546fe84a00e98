using System.Buffers.Binary;

namespace Charging.CdrFiles;

/// <summary>
/// The per-CDR header of a TS 32.297 file (docs/cdr-formats.md §4): CDR length (2), release |
/// version (1), data record format | TS number (1), release extension (1, only for release code 7).
/// </summary>
public readonly record struct CdrHeader(ushort Length, CdrReleaseVersion ReleaseVersion, byte DataRecordFormat, byte TsNumber)
{
    /// <summary>TS number 7: TS 32.251 (PS domain: S-, SGW-, PGW- and G-CDRs).</summary>
    public const byte Ts32251 = 7;

    public int EncodedLength => ReleaseVersion.HasExtension ? 5 : 4;

    public int Encode(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, Length);
        destination[2] = ReleaseVersion.Octet;
        destination[3] = (byte)((DataRecordFormat & 0x7) << 5 | TsNumber & 0x1F);
        if (ReleaseVersion.HasExtension)
            destination[4] = ReleaseVersion.Extension;
        return EncodedLength;
    }

    /// <summary>Reads a CDR header; false when <paramref name="source"/> is too short for it.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> source, out CdrHeader header, out int consumed)
    {
        header = default;
        consumed = 0;
        if (source.Length < 4)
            return false;
        var hasExtension = source[2] >> 5 == 7;
        if (hasExtension && source.Length < 5)
            return false;
        var releaseVersion = CdrReleaseVersion.FromOctets(source[2], hasExtension ? source[4] : (byte)0);
        header = new CdrHeader(BinaryPrimitives.ReadUInt16BigEndian(source), releaseVersion, (byte)(source[3] >> 5), (byte)(source[3] & 0x1F));
        consumed = hasExtension ? 5 : 4;
        return true;
    }
}
