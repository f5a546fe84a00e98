using Charging.Cdr;
using Charging.CdrFiles;

namespace Charging.Tests.CdrFiles;

/// <summary>A TS 32.297 CDR header's release and version as GTP' Data Record Packet identifiers (IE 252).</summary>
public sealed class CdrRecordFormatTests
{
    [Theory]
    // release, version → Release Identifier, Version Identifier, extension
    [InlineData(3, 4, 3, 5, 0)] // R99, 3.4.0 → 3, 5
    [InlineData(5, 6, 5, 7, 0)]
    [InlineData(7, 5, 7, 6, 0)] // Rel-7 G-CDR, 7.5.0
    [InlineData(11, 5, 11, 6, 0)]
    [InlineData(15, 0, 15, 1, 0)] // the last release that fits the nibble
    [InlineData(16, 7, 0, 8, 16)] // from Rel-16 on: 0 + extension
    [InlineData(17, 2, 0, 3, 17)]
    [InlineData(18, 2, 0, 3, 18)]
    public void TheReleaseGoesInTheNibbleUpToRel15AndInTheExtensionAfter_TheVersionIsTheDigitPlusOne(
        int release, int version, byte releaseIdentifier, byte versionIdentifier, byte extension)
    {
        var format = CdrRecordFormat.FromReleaseVersion(new CdrReleaseVersion(release, version), CdrRecordFormat.Ber, 1);
        Assert.Equal(new CdrRecordFormat(1, 1, releaseIdentifier, versionIdentifier, extension), format);
        Assert.Equal(new CdrReleaseVersion(release, version), format.ToReleaseVersion());
    }

    [Fact]
    public void FormatAndApplicationAreTakenAsGiven()
    {
        var format = CdrRecordFormat.FromReleaseVersion(new CdrReleaseVersion(8, 3), dataRecordFormat: 2, applicationIdentifier: 5);
        Assert.Equal(new CdrRecordFormat(2, 5, 8, 4, 0), format);
    }

    [Fact]
    public void TheSgwRecordsIdentifiersAreRel17Version17Point2()
    {
        Assert.Equal(new CdrRecordFormat(1, 1, 0, 3, 17), SgwRecordEncoder.RecordFormat);
        Assert.Equal(new CdrReleaseVersion(17, 2), SgwRecordEncoder.RecordFormat.ToReleaseVersion());
    }
}
