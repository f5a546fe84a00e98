using System.Buffers.Binary;
using System.Formats.Asn1;

namespace Charging.Cdr;

/// <summary>
/// Splits a file into BER CDRs: either concatenated BER records, or a TS 32.297 CDR file
/// (file header, then per CDR a 2-octet length and a 2- or 3-octet CDR header; cdr-formats.md §4).
/// </summary>
public static class CdrFileReader
{
    // TS 32.297 file header: file length (4), header length (4), ... (cdr-formats.md §4).
    private const int MinimumFileHeaderLength = 50;
    private const int ReleaseCodeExtended = 7;

    public static IReadOnlyList<byte[]> Read(ReadOnlySpan<byte> file)
    {
        if (file.IsEmpty)
            return [];
        return LooksLikeTs32297(file) ? ReadTs32297(file) : ReadConcatenatedBer(file);
    }

    /// <summary>A 32.297 file starts with its own length (or FFFFFFFF) and a plausible header length.</summary>
    private static bool LooksLikeTs32297(ReadOnlySpan<byte> file)
    {
        if (file.Length < MinimumFileHeaderLength)
            return false;
        var fileLength = BinaryPrimitives.ReadUInt32BigEndian(file);
        var headerLength = BinaryPrimitives.ReadUInt32BigEndian(file[4..]);
        return (fileLength == (uint)file.Length || fileLength == uint.MaxValue)
            && headerLength >= MinimumFileHeaderLength && headerLength <= (uint)file.Length;
    }

    private static List<byte[]> ReadTs32297(ReadOnlySpan<byte> file)
    {
        var headerLength = (int)BinaryPrimitives.ReadUInt32BigEndian(file[4..]);
        var records = new List<byte[]>();
        var position = headerLength;
        while (position < file.Length)
        {
            if (file.Length - position < 4)
                throw new InvalidDataException($"truncated CDR header at offset {position}");
            var length = BinaryPrimitives.ReadUInt16BigEndian(file[position..]);
            // Octet 3: release (bits 8-6) | version; octet 5 present only for release code 7.
            var releaseCode = file[position + 2] >> 5;
            var cdrHeaderLength = releaseCode == ReleaseCodeExtended ? 5 : 4;
            position += cdrHeaderLength;
            if (file.Length - position < length)
                throw new InvalidDataException($"CDR at offset {position} overruns the file");
            records.Add(file.Slice(position, length).ToArray());
            position += length;
        }
        return records;
    }

    private static List<byte[]> ReadConcatenatedBer(ReadOnlySpan<byte> file)
    {
        var records = new List<byte[]>();
        var position = 0;
        while (position < file.Length)
        {
            try
            {
                AsnDecoder.ReadEncodedValue(file[position..], AsnEncodingRules.BER, out _, out _, out var consumed);
                records.Add(file.Slice(position, consumed).ToArray());
                position += consumed;
            }
            catch (AsnContentException exception)
            {
                throw new InvalidDataException($"not a BER record at offset {position}: {exception.Message}", exception);
            }
        }
        return records;
    }
}
