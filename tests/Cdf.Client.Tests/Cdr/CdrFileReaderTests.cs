using Cdf.Client.Generation;
using Charging.Cdr;
using System.Buffers.Binary;

namespace Cdf.Client.Tests.Cdr;

public sealed class CdrFileReaderTests
{
    [Fact]
    public void ConcatenatedBerRecordsAreSplitOneByOne()
    {
        var records = Enumerable.Range(1, 5).Select(i => SgwRecordGenerator.Encode((uint)i)).ToArray();
        var read = CdrFileReader.Read(records.SelectMany(r => r).ToArray());
        Assert.Equal(records, read);
    }

    [Fact]
    public void ATs32297FileYieldsItsCdrs()
    {
        var records = Enumerable.Range(1, 3).Select(i => SgwRecordGenerator.Encode((uint)i)).ToArray();
        // Header: lengths, release/version, two timestamps, count, sequence, closure, 20-octet address,
        // lost-CDR indicator, empty filter and extension (cdr-formats.md §4); Rel-17 → code 7 + extension.
        var header = new byte[4 + 4 + 1 + 1 + 4 + 4 + 4 + 4 + 1 + 20 + 1 + 2 + 2 + 1 + 1];
        var body = records.SelectMany(r => new byte[] { (byte)(r.Length >> 8), (byte)r.Length, 0xE2, 0x27, 0x07 }.Concat(r)).ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)(header.Length + body.Length));
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)header.Length);
        header[8] = header[9] = 0xE2;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(18), 3);
        var read = CdrFileReader.Read([.. header, .. body]);
        Assert.Equal(records, read);
    }

    [Fact]
    public void TrailingGarbageIsReportedWithItsOffset()
    {
        var record = SgwRecordGenerator.Encode(1);
        var exception = Assert.Throws<InvalidDataException>(() => CdrFileReader.Read([.. record, 0xBF]));
        Assert.Contains($"offset {record.Length}", exception.Message);
    }
}
