using Charging.CdrFiles;

namespace Charging.Tests.CdrFiles;

/// <summary>TS 32.295 IE 252 octet 5 and the TS 32.297 CDR header format code (docs/gtp-prime.md §3.1, docs/cdr-formats.md §4).</summary>
public sealed class DataRecordFormatTests
{
    [Theory]
    [InlineData(0, DataRecordFormatClass.NotUsed)]
    [InlineData(1, DataRecordFormatClass.Exportable)]
    [InlineData(2, DataRecordFormatClass.Exportable)]
    [InlineData(3, DataRecordFormatClass.Exportable)]
    [InlineData(4, DataRecordFormatClass.Reserved)]
    [InlineData(10, DataRecordFormatClass.Reserved)]
    [InlineData(11, DataRecordFormatClass.OperatorSpecific)]
    [InlineData(50, DataRecordFormatClass.OperatorSpecific)]
    [InlineData(51, DataRecordFormatClass.Reserved)]
    [InlineData(129, DataRecordFormatClass.Reserved)]
    [InlineData(255, DataRecordFormatClass.Reserved)]
    public void EachGtpPrimeValueHasItsClass(int format, DataRecordFormatClass expected) =>
        Assert.Equal(expected, DataRecordFormat.Classify((byte)format));

    /// <summary>The old exporter cut the value to 3 bits: 9, 17, 33, 65, 129 became BER. Only 1-3 have a code, the same.</summary>
    [Fact]
    public void OnlyOneToThreeHaveAFileCodeAndItIsTheSameNumber()
    {
        for (var format = 0; format <= 255; format++)
        {
            var has = DataRecordFormat.TryGetFileCode(format, out var code);
            Assert.Equal(format is 1 or 2 or 3, has);
            Assert.Equal(has ? format : 0, code);
        }
        Assert.False(CdrRecordFormat.Unpack(9 << 24).TryGetFileDataRecordFormat(out _));
        Assert.True(CdrRecordFormat.Unpack(3 << 24).TryGetFileDataRecordFormat(out var aligned));
        Assert.Equal(3, aligned);
    }

    [Theory]
    [InlineData(0, false, null)]
    [InlineData(1, true, "BER")]
    [InlineData(2, true, "unaligned PER")]
    [InlineData(3, true, "aligned PER")]
    [InlineData(4, false, "XER")]
    [InlineData(5, false, null)]
    [InlineData(7, false, null)]
    public void FileCodesBackToGtpPrime(int code, bool sendable, string? name)
    {
        Assert.Equal(sendable, DataRecordFormat.TryFromFileCode((byte)code, out var gtpFormat));
        Assert.Equal(sendable ? code : 0, gtpFormat);
        Assert.Equal(name, DataRecordFormat.FileCodeName((byte)code));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(9)]
    public void TheFileBuilderRefusesACodeTheHeaderDoesNotDefine(int code) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new CdrFileBuilder().Append([0x30, 0x00], new CdrReleaseVersion(17, 2), (byte)code));
}
