using Charging.CdrFiles;
using System.Net;

namespace Charging.Tests.CdrFiles;

public class CdrFileFormatTests
{
    private static readonly DateTimeOffset Opened = new(2026, 11, 22, 8, 15, 0, TimeSpan.FromHours(2));

    [Fact]
    public void WritesTheHeaderOctetsOfTheReference()
    {
        var builder = new CdrFileBuilder();
        builder.Append([0x30, 0x01, 0x00], new CdrReleaseVersion(17, 2), CdrRecordFormat.Ber);
        var header = builder.CreateHeader(5, FileClosureTriggerReason.ManualClosure, IPAddress.Parse("192.0.2.10"), Opened, Opened.AddMinutes(1));
        using var stream = new MemoryStream();
        builder.WriteTo(stream, header);
        Assert.Equal(SampleCdrFile.Hex, Convert.ToHexStringLower(stream.ToArray()));
    }

    [Fact]
    public void ReadsTheReferenceOctetsBack()
    {
        Assert.True(CdrFileReader.TryRead(Convert.FromHexString(SampleCdrFile.Hex), out var file, out _));
        var h = file.Header;
        Assert.Equal(62u, h.FileLength);
        Assert.Equal(new CdrReleaseVersion(17, 2), h.HighReleaseVersion);
        Assert.Equal(new CdrFileTimestamp(11, 22, 8, 15, TimeSpan.FromHours(2)), h.OpeningTimestamp);
        Assert.Equal(5u, h.FileSequenceNumber);
        Assert.Equal(FileClosureTriggerReason.ManualClosure, h.ClosureTriggerReason);
        Assert.Equal(IPAddress.Parse("192.0.2.10"), h.NodeAddress);
        var record = Assert.Single(file.Records);
        Assert.Equal(CdrHeader.Ts32251, record.Header.TsNumber);
        Assert.Equal(new byte[] { 0x30, 0x01, 0x00 }, record.Data.ToArray());
    }

    [Theory]
    [InlineData(-1, 62, "file ends inside the header of CDR 2")]
    [InlineData(10, 10, "file ends inside the file header")]
    [InlineData(0, 0, "file length field says")]
    public void DamagedFilesNameTheOffset(int cutAt, long expectedOffset, string reason)
    {
        var bytes = Convert.FromHexString(SampleCdrFile.Hex);
        if (cutAt == -1)
        {
            // A second CDR header that is cut short: declared file length fixed up so only the CDR is damaged.
            bytes = [.. bytes, 0x00, 0x05];
            bytes[3] = (byte)bytes.Length;
            bytes[21] = 2;
        }
        else if (cutAt == 0)
        {
            bytes[3] = 0x40;
        }
        else
        {
            bytes = bytes[..cutAt];
        }
        Assert.False(CdrFileReader.TryRead(bytes, out _, out var error));
        Assert.Equal(expectedOffset, error.Offset);
        Assert.Contains(reason, error.Reason);
    }

    [Fact]
    public void ALengthRunningPastTheEndIsReportedAtThatCdr()
    {
        var bytes = Convert.FromHexString(SampleCdrFile.Hex);
        bytes[55] = 0x09; // CDR length 9, only 3 octets follow
        Assert.False(CdrFileReader.TryRead(bytes, out _, out var error));
        Assert.Equal(54, error.Offset);
    }

    [Theory]
    [InlineData(3, 0, 0x00)] // R99
    [InlineData(8, 14, 0xAE)] // Rel-8 v14: code 5
    [InlineData(9, 3, 0xC3)]
    [InlineData(17, 2, 0xE2)]
    public void ReleaseCodesFollowTheReference(int release, int version, byte octet)
    {
        var value = new CdrReleaseVersion(release, version);
        Assert.Equal(octet, value.Octet);
        Assert.Equal(value, CdrReleaseVersion.FromOctets(octet, value.Extension));
    }

    [Fact]
    public void GtpPrimeIdentifiersMapToFileReleaseAndVersion()
    {
        // GTP' 10 03 11 = application 1, release in extension 17, version identifier 3 (= v17.2): file Rel-17 v2.
        Assert.Equal(new CdrReleaseVersion(17, 2), new CdrRecordFormat(1, 1, 0, 3, 17).ToReleaseVersion());
        // GTP' 1B 06 = Rel-11, version identifier 6 (= v11.5).
        Assert.Equal(new CdrReleaseVersion(11, 5), new CdrRecordFormat(1, 1, 11, 6, 0).ToReleaseVersion());
    }

    [Fact]
    public void FileNamesCarrySequenceNumberAndPossiblyDuplicateMarker()
    {
        var closed = new DateTimeOffset(2026, 11, 22, 9, 5, 0, TimeSpan.FromHours(-3.5));
        var name = CdrFileName.Format("CGF01", 123456, closed, possiblyDuplicate: false);
        Assert.Equal("CGF01_-_3456.20261122_-_0905-0330.123456", name);
        Assert.True(CdrFileName.TryParse(name, "CGF01", out var sequence, out var pd));
        Assert.Equal((123456u, false), (sequence, pd));
        var duplicate = CdrFileName.Format("CGF01", 7, closed, possiblyDuplicate: true);
        Assert.EndsWith(".7.pd", duplicate);
        Assert.True(CdrFileName.TryParse(duplicate, "CGF01", out sequence, out pd));
        Assert.Equal((7u, true), (sequence, pd));
        Assert.False(CdrFileName.TryParse(name + ".tmp", "CGF01", out _, out _));
        Assert.False(CdrFileName.TryParse(name, "CGF02", out _, out _));
    }
}
