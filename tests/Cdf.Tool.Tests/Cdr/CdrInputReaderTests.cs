using Cdf.Tool.Generation;
using Cdf.Tool.Input;
using Charging.CdrFiles;
using System.Net;

namespace Cdf.Tool.Tests.Cdr;

public sealed class CdrInputReaderTests
{
    [Fact]
    public void ConcatenatedBerRecordsAreSplitOneByOne()
    {
        var records = Enumerable.Range(1, 5).Select(i => SgwRecordGenerator.Encode((uint)i)).ToArray();
        var read = CdrInputReader.Read(records.SelectMany(r => r).ToArray());
        Assert.Equal(records, read);
    }

    [Fact]
    public void ATs32297FileYieldsItsCdrs()
    {
        var records = Enumerable.Range(1, 3).Select(i => SgwRecordGenerator.Encode((uint)i)).ToArray();
        var builder = new CdrFileBuilder();
        foreach (var record in records)
            builder.Append(record, new CdrReleaseVersion(17, 2), CdrRecordFormat.Ber);
        using var file = new MemoryStream();
        var now = DateTimeOffset.UtcNow;
        builder.WriteTo(file, builder.CreateHeader(1, FileClosureTriggerReason.NormalClosure, IPAddress.Loopback, now, now));
        Assert.Equal(records, CdrInputReader.Read(file.ToArray()));
    }

    [Fact]
    public void ConcatenatedBerRecordsCarryNoIdentifiers_AFilesRecordsThoseOfTheirHeaders()
    {
        var record = SgwRecordGenerator.Encode(1);
        Assert.All(CdrInputReader.ReadWithFormats(record.Concat(record).ToArray()), r => Assert.Null(r.Format));

        var builder = new CdrFileBuilder();
        builder.Append(record, new CdrReleaseVersion(7, 5), CdrRecordFormat.Ber);
        builder.Append(record, new CdrReleaseVersion(17, 2), CdrRecordFormat.Ber);
        using var file = new MemoryStream();
        var now = DateTimeOffset.UtcNow;
        builder.WriteTo(file, builder.CreateHeader(1, FileClosureTriggerReason.NormalClosure, IPAddress.Loopback, now, now));
        var read = CdrInputReader.ReadWithFormats(file.ToArray());
        Assert.Equal([new CdrRecordFormat(1, 1, 7, 6, 0), new CdrRecordFormat(1, 1, 0, 3, 17)], read.Select(r => r.Format!.Value));
        Assert.All(read, r => Assert.Equal(record, r.Record));
    }

    [Fact]
    public void TrailingGarbageIsReportedWithItsOffset()
    {
        var record = SgwRecordGenerator.Encode(1);
        var exception = Assert.Throws<InvalidDataException>(() => CdrInputReader.Read(record.Append((byte)0xBF).ToArray()));
        Assert.Contains($"offset {record.Length}", exception.Message);
    }

    /// <summary>A CDR header code GTP' cannot carry (4 XER, or undefined) is one clear error, not a request a CGF refuses.</summary>
    [Theory]
    [InlineData(4, "data record format 4 (XER)")]
    [InlineData(0, "data record format 0 (undefined)")]
    [InlineData(6, "data record format 6 (undefined)")]
    public void AFileCodeGtpPrimeCannotCarryIsRefusedNamingTheCdr(int code, string expected)
    {
        var bytes = Convert.FromHexString(SampleCdrFile.Hex);
        // Octet 4 of the only CDR header (file offset 57): format in bits 8-6, TS number 7 kept.
        bytes[57] = (byte)(code << 5 | 0x07);
        var exception = Assert.Throws<InvalidDataException>(() => CdrInputReader.ReadWithFormats(bytes));
        Assert.StartsWith("CDR 1 (file offset 54)", exception.Message);
        Assert.Contains(expected, exception.Message);
    }
}
