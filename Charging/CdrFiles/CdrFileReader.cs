namespace Charging.CdrFiles;

/// <summary>
/// Decodes a whole TS 32.297 file from memory. Returns a result, never throws, for damaged input:
/// the error names the byte offset where the file stops making sense.
/// </summary>
public static class CdrFileReader
{
    public static bool TryRead(ReadOnlyMemory<byte> file, out CdrFile result, out CdrFileError error)
    {
        result = new CdrFile(new CdrFileHeader(), []);
        var span = file.Span;
        if (!CdrFileHeader.TryDecode(span, span.Length, out var header, out error))
            return false;
        var records = new List<CdrFileRecord>((int)Math.Min(header.CdrCount, 1_000_000));
        var offset = (int)header.HeaderLength;
        while (offset < span.Length)
        {
            if (!CdrHeader.TryDecode(span[offset..], out var cdrHeader, out var headerLength))
            {
                error = new CdrFileError(offset, $"file ends inside the header of CDR {records.Count + 1}");
                return false;
            }
            var start = offset + headerLength;
            if (cdrHeader.Length > span.Length - start)
            {
                error = new CdrFileError(offset, $"CDR {records.Count + 1} length {cdrHeader.Length} runs past the end of the file ({span.Length - start} octets left)");
                return false;
            }
            records.Add(new CdrFileRecord(cdrHeader, offset, file.Slice(start, cdrHeader.Length)));
            offset = start + cdrHeader.Length;
        }
        if (records.Count != header.CdrCount)
        {
            error = new CdrFileError(18, $"header says {header.CdrCount} CDRs, the file holds {records.Count}");
            return false;
        }
        result = new CdrFile(header, records);
        error = default;
        return true;
    }
}
