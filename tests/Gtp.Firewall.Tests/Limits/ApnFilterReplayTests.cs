using Gtp.Firewall.Configuration;
using Gtp.Firewall.Inspection;
using Gtp.Firewall.Tests.Support;

namespace Gtp.Firewall.Tests.Limits;

/// <summary>APN/IMSI-prefix filtering with selection mode on Create PDP Context (v1) and Create Session (v2) requests.</summary>
public class ApnFilterReplayTests
{
    private static Harness With(params ApnFilterOptions[] rules)
    {
        var o = Scenario.Options();
        o.GtpProfiles["Scenario-1"].ApnFilters.AddRange(rules);
        return new Harness(o);
    }

    // Create PDP Context Request (TS 29.060 §7.3.1) with a Selection Mode IE: type 15, spare bits 1, mode in bits 2-1.
    internal static byte[] CreatePdp(byte selectionOctet, string apn = "internet.mnc001.mcc001.gprs", int seq = 1) => Gtp1.Control(16, 0, seq,
        Gtp1.Imsi(Scenario.Imsi), Gtp1.Recovery(1), [0x0F, selectionOctet], Gtp1.TeidDataI(V1Flow.SgsnTeidU), Gtp1.TeidControl(V1Flow.SgsnTeidC),
        Gtp1.Nsapi(5), Gtp1.EndUserDynamic(), Gtp1.Apn(apn), Gtp1.GsnAddress(V1Flow.Sgsn), Gtp1.GsnAddress(V1Flow.Sgsn));

    [Theory]
    [InlineData(0xFD, "net", DropReason.SelectionModeDenied)] // MS provided, only net passes
    [InlineData(0xFD, "ms", DropReason.None)]
    [InlineData(0xFE, "net", DropReason.None)] // network provided
    [InlineData(0xFC, "vrf", DropReason.None)] // verified
    [InlineData(0xFC, "ms", DropReason.SelectionModeDenied)]
    [InlineData(0xFF, "ms", DropReason.SelectionModeDenied)] // 3 is reserved
    public void V1SelectionRulePassesOnlyListedModes(byte octet, string mode, DropReason expected)
    {
        var h = With(new ApnFilterOptions { Apn = "internet.*", ImsiPrefix = "00101", Action = "selection", SelectionModes = [mode] });
        var result = h.Control(V1Flow.Sgsn, V1Flow.Ggsn, CreatePdp(octet));
        Assert.Equal(expected, result.Reason);
        Assert.Equal(expected == DropReason.None ? 0 : 1, h.Engine.Counters.Drops(DropReason.SelectionModeDenied));
    }

    [Fact]
    public void MostSpecificRuleWinsAndNoMatchPasses()
    {
        var h = With(
            new ApnFilterOptions { Apn = "*", Action = "drop" },
            new ApnFilterOptions { Apn = "internet.*", ImsiPrefix = "00101", Action = "pass" });
        Assert.Equal(Verdict.Permit, h.Control(V1Flow.Sgsn, V1Flow.Ggsn, CreatePdp(0xFD)).Verdict);
        var other = h.Control(V1Flow.Sgsn, V1Flow.Ggsn, CreatePdp(0xFD, apn: "mms.example.com", seq: 2));
        Assert.Equal((Verdict.Drop, DropReason.ApnFiltered), (other.Verdict, other.Reason));
        Assert.Contains(h.Log, l => l.Reason == DropReason.ApnFiltered && l.Imsi != 0);

        var narrow = With(new ApnFilterOptions { Apn = "*.example.com", Action = "drop" });
        Assert.Equal(Verdict.Permit, narrow.Control(V1Flow.Sgsn, V1Flow.Ggsn, CreatePdp(0xFD)).Verdict);
    }

    [Fact]
    public void ImsiPrefixOfAnotherOperatorDoesNotMatch()
    {
        var h = With(new ApnFilterOptions { Apn = "*", ImsiPrefix = "26201", Action = "drop" });
        Assert.Equal(Verdict.Permit, h.Control(V1Flow.Sgsn, V1Flow.Ggsn, CreatePdp(0xFD)).Verdict);
    }

    [Theory]
    [InlineData(0xFE, DropReason.None)]
    [InlineData(0xFD, DropReason.SelectionModeDenied)]
    public void V2CreateSessionSelectionMode(byte octet, DropReason expected)
    {
        var h = With(new ApnFilterOptions { Apn = "ims", Action = "selection", SelectionModes = ["net", "vrf"] });
        Assert.Equal(expected, h.Control(Scenario.YvSgw1, Scenario.XhPgw, CreateSession(octet)).Reason);
    }

    // Create Session Request (TS 29.274 §7.2.1) with Selection Mode (type 128, §8.58): spare bits 1, mode in bits 2-1.
    internal static byte[] CreateSession(byte selectionOctet) => Gtp2.Message(32, 0, 1,
        Gtp2.Imsi(Scenario.Imsi),
        Gtp2.FTeid(0, 6, V2Flow.SgwTeidC, Scenario.YvSgw1),
        Gtp2.Apn("ims"),
        Gtp2.Ie(128, 0, [selectionOctet]),
        Gtp2.PaaIPv4("100.64.0.1"),
        Gtp2.BearerContext(0, Gtp2.Ebi(5), Gtp2.FTeid(2, 4, V2Flow.SgwTeidU, Scenario.YvSgw1)));

    [Fact]
    public void V2WithoutSelectionModeIeFailsASelectionRule()
    {
        var h = With(new ApnFilterOptions { Apn = "ims", Action = "selection", SelectionModes = ["ms", "net", "vrf"] });
        Assert.Equal(DropReason.SelectionModeDenied, h.Control(Scenario.YvSgw1, Scenario.XhPgw, V2Flow.CreateSessionRequest(Scenario.YvSgw1)).Reason);
    }
}
