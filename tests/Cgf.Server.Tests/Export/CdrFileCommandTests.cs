using Cgf.Server.Commands;

namespace Cgf.Server.Tests.Export;

public class CdrFileCommandTests
{
    [Fact]
    public void InspectReportsMalformedBerAtItsFileOffset()
    {
        var bytes = Convert.FromHexString(SampleCdrFile.Hex);
        bytes[60] = 0x05; // 30 05 00: length runs past the record
        Assert.False(CdrFileCommand.TryInspect(bytes, out _, out var error));
        Assert.Equal(59, error.Offset);
    }

    /// <summary>Codes 0 and 5-7 are no format (docs/cdr-formats.md §4): the old exporter wrote them for GTP' formats 5-7, 13-15, ...</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(7)]
    public void InspectReportsAnUndefinedDataRecordFormatAtItsOctet(int code)
    {
        var bytes = Convert.FromHexString(SampleCdrFile.Hex);
        bytes[57] = (byte)(code << 5 | 0x07); // CDR header octet 4 (file offset 54 + 3)
        Assert.False(CdrFileCommand.TryInspect(bytes, out _, out var error));
        Assert.Equal(57, error.Offset);
        Assert.Contains($"data record format {code}", error.Reason);
    }

    /// <summary>A PER or XER record is not BER and is not checked as BER: the file is accepted.</summary>
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void InspectAcceptsANonBerRecordThatIsNotBer(int code)
    {
        var bytes = Convert.FromHexString(SampleCdrFile.Hex);
        bytes[57] = (byte)(code << 5 | 0x07);
        bytes[60] = 0x05; // 30 05 00 would be malformed as BER
        Assert.True(CdrFileCommand.TryInspect(bytes, out var report, out var error), error.ToString());
        Assert.Equal(code, Assert.Single(report.Records).DataRecordFormat);
    }
}
