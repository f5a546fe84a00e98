using Gtp.Firewall.Limits;

namespace Gtp.Firewall.Tests.Limits;

public class ApnFilterTests
{
    private const ulong Imsi00101 = 0x00010121436587F9;
    // IMSI 262010000000001: 62 02 01 00 00 00 00 F1.
    private const ulong Imsi26201 = 0x62020100000000F1;

    private static ApnFilterRule Rule(int index, string apn, string imsi, ApnFilterAction action, SelectionModes modes = SelectionModes.None)
        => new(ApnPattern.TryParse(apn, out _)!, ImsiPrefix.TryParse(imsi, out _)!, action, modes, index);

    [Fact]
    public void NoMatchPasses()
    {
        var filter = new ApnFilter([Rule(0, "internet", "*", ApnFilterAction.Drop)]);
        var verdict = filter.Decide("ims", Imsi00101, SelectionMode.Verified);
        Assert.True(verdict.Pass);
        Assert.Null(verdict.Rule);
    }

    [Fact]
    public void MostSpecificRuleDecidesWhateverTheConfigurationOrder()
    {
        var filter = new ApnFilter(
        [
            Rule(0, "*", "*", ApnFilterAction.Drop),
            Rule(1, "*.example.com", "*", ApnFilterAction.Drop),
            Rule(2, "*.example.com", "00101", ApnFilterAction.Pass),
            Rule(3, "mms.example.com", "*", ApnFilterAction.Pass),
        ]);
        Assert.Equal([3, 2, 1, 0], filter.Rules.Select(r => r.Index));
        Assert.Equal(3, filter.Decide("mms.example.com", Imsi26201, SelectionMode.Verified).Rule!.Index);
        Assert.True(filter.Decide("web.example.com", Imsi00101, SelectionMode.Verified).Pass);
        Assert.Equal(DropReason.ApnFiltered, filter.Decide("web.example.com", Imsi26201, SelectionMode.Verified).Reason);
        Assert.Equal(0, filter.Decide("internet", Imsi00101, SelectionMode.Verified).Rule!.Index);
    }

    [Fact]
    public void EqualRulesKeepConfigurationOrder()
    {
        var filter = new ApnFilter([Rule(0, "internet", "*", ApnFilterAction.Pass), Rule(1, "internet", "*", ApnFilterAction.Drop)]);
        Assert.True(filter.Decide("internet", Imsi00101, SelectionMode.Verified).Pass);
    }

    [Theory]
    [InlineData(SelectionMode.MsProvided, true)]
    [InlineData(SelectionMode.Verified, true)]
    [InlineData(SelectionMode.NetworkProvided, false)]
    [InlineData(SelectionMode.Reserved, false)]
    [InlineData(SelectionMode.Absent, false)]
    public void SelectionPassesOnlyListedModes(SelectionMode mode, bool passes)
    {
        var filter = new ApnFilter([Rule(0, "*", "*", ApnFilterAction.Selection, SelectionModes.MsProvided | SelectionModes.Verified)]);
        var verdict = filter.Decide("internet", Imsi00101, mode);
        Assert.Equal(passes, verdict.Pass);
        Assert.Equal(passes ? DropReason.None : DropReason.SelectionModeDenied, verdict.Reason);
        Assert.True(filter.NeedsSelectionMode);
    }
}
