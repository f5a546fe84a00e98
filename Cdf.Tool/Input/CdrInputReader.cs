using Charging.CdrFiles;
using System.Formats.Asn1;

namespace Cdf.Tool.Input;

/// <summary>
/// The records of <c>cdf send --file</c>: a TS 32.297 CDR file (read with <see cref="CdrFileReader"/>), or
/// else concatenated BER records split at their outer TLV.
/// </summary>
public static class CdrInputReader
{
    // The only Application Identifier in use (docs/gtp-prime.md §3.1); a 32.297 CDR header does not carry one.
    private const byte ApplicationIdentifier = 1;

    public static IReadOnlyList<byte[]> Read(ReadOnlyMemory<byte> file) => ReadWithFormats(file).Select(r => r.Record).ToList();

    /// <summary>
    /// The records with the Data Record Packet identifiers their TS 32.297 CDR headers give (release, version,
    /// format); null for concatenated BER records, which carry none.
    /// </summary>
    public static IReadOnlyList<(byte[] Record, CdrRecordFormat? Format)> ReadWithFormats(ReadOnlyMemory<byte> file)
    {
        if (file.IsEmpty)
            return [];
        if (CdrFileReader.TryRead(file, out var cdrFile, out _))
        {
            var records = new List<(byte[] Record, CdrRecordFormat? Format)>(cdrFile.Records.Count);
            for (var i = 0; i < cdrFile.Records.Count; i++)
            {
                var header = cdrFile.Records[i].Header;
                // Only the CDR header codes GTP' has too can be sent (docs/gtp-prime.md §3.1): a CGF refuses the others.
                if (!DataRecordFormat.TryFromFileCode(header.DataRecordFormat, out var gtpFormat))
                    throw new InvalidDataException(
                        $"CDR {i + 1} (file offset {cdrFile.Records[i].Offset}) has data record format {header.DataRecordFormat} " +
                        $"({DataRecordFormat.FileCodeName(header.DataRecordFormat) ?? "undefined"}): GTP' carries only 1 BER, 2 unaligned PER and 3 aligned PER");
                records.Add((cdrFile.Records[i].Data.ToArray(), CdrRecordFormat.FromReleaseVersion(header.ReleaseVersion, gtpFormat, ApplicationIdentifier)));
            }
            return records;
        }
        return ReadConcatenatedBer(file.Span).Select(r => (r, (CdrRecordFormat?)null)).ToList();
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
                throw new InvalidDataException($"neither a TS 32.297 file nor BER records: no BER record at offset {position} ({exception.Message})", exception);
            }
        }
        return records;
    }
}
