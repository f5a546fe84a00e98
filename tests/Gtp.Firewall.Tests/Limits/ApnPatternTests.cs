using Gtp.Firewall.Limits;

namespace Gtp.Firewall.Tests.Limits;

public class ApnPatternTests
{
    [Theory]
    [InlineData("internet", "internet", true)]
    [InlineData("internet", "INTERNET", true)]
    [InlineData("internet", "internet.mnc001.mcc001.gprs", false)]
    [InlineData("*", "anything.at.all", true)]
    [InlineData("*.example.com", "mms.example.com", true)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("*example.com", "myexample.com", true)]
    [InlineData("*.example.com", "mms.example.org", false)]
    [InlineData("internet.*", "internet", true)]
    [InlineData("internet.*", "internet.mnc005.mcc244.gprs", true)]
    [InlineData("internet.*", "internetx.mnc005.mcc244.gprs", false)]
    [InlineData("internet.*", "internet2", false)]
    public void Matches(string pattern, string apn, bool expected)
    {
        var p = ApnPattern.TryParse(pattern, out var error);
        Assert.Null(error);
        Assert.Equal(expected, p!.Matches(apn));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a*b")]
    [InlineData("*a*")]
    [InlineData(".*")]
    public void RefusesOtherForms(string pattern)
    {
        Assert.Null(ApnPattern.TryParse(pattern, out var error));
        Assert.Contains(pattern, error);
    }

    [Fact]
    public void ExactIsMoreSpecificThanSuffixAndAnyIsLeast()
    {
        int S(string p) => ApnPattern.TryParse(p, out _)!.Specificity;
        Assert.True(S("mms.example.com") > S("*.example.com"));
        Assert.True(S("*.mms.example.com") > S("*.example.com"));
        Assert.True(S("*.example.com") > S("*"));
    }
}
