using Gtp.Firewall.Limits;

namespace Gtp.Firewall.Tests.Limits;

public class ImsiPrefixTests
{
    // IMSI 001010123456789 in TBCD, low nibble first (TS 29.060 §7.7.2): 00 01 01 21 43 65 87 F9.
    private const ulong Imsi = 0x00010121436587F9;

    [Theory]
    [InlineData("*", true)]
    [InlineData("0", true)]
    [InlineData("00101", true)]
    [InlineData("001010123456789", true)]
    [InlineData("00102", false)]
    [InlineData("1", false)]
    [InlineData("0010101234567", true)]
    [InlineData("0010101234568", false)]
    public void MatchesLeadingDigits(string prefix, bool expected)
    {
        Assert.Equal(expected, ImsiPrefix.TryParse(prefix, out _)!.Matches(Imsi));
    }

    [Fact]
    public void ADigitPastTheFillerDoesNotMatch()
    {
        // IMSI 00101 (5 digits): 00 01 F1 FF … — the sixth digit is a filler.
        Assert.False(ImsiPrefix.TryParse("001010", out _)!.Matches(0x0001F1FFFFFFFFFF));
        Assert.True(ImsiPrefix.TryParse("00101", out _)!.Matches(0x0001F1FFFFFFFFFF));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12a")]
    [InlineData("1234567890123456")]
    public void RefusesNonDigits(string prefix)
    {
        Assert.Null(ImsiPrefix.TryParse(prefix, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void UnknownImsiMatchesOnlyTheWildcard()
    {
        Assert.True(ImsiPrefix.Any.Matches(0));
        Assert.False(ImsiPrefix.TryParse("0", out _)!.Matches(0));
    }
}
