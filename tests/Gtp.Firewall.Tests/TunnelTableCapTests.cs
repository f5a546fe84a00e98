using Gtp.Firewall.Configuration;
using Gtp.Firewall.Inspection;
using Gtp.Firewall.Monitoring;
using Gtp.Firewall.Tests.Support;
using Operations.Alarms;

namespace Gtp.Firewall.Tests;

/// <summary>
/// Firewall:MaxTunnels (docs/firewall-design.md, "Tunnel table cap"): at the cap a creating response is dropped
/// (TunnelLimit, counted) and the tunnel-table alarm raised; after a delete the same create passes. The GTPv1-C
/// messages are written out octet by octet (TS 29.060 §6 header, §7.7 IEs), not built by the test support.
/// </summary>
public class TunnelTableCapTests
{
    private const string Sgsn = "20.20.20.10";
    private const string Ggsn = "10.10.10.2";

    // Header: flags 32 (v1, PT, S), type, length, TEID, sequence, N-PDU 00, next extension 00.
    // IMSI 001010123456789 (TBCD), Recovery 1, TEID Data I, TEID-C, NSAPI, End User Address (IPv4, dynamic),
    // APN "internet", SGSN address for signalling and for user traffic (20.20.20.10).
    private const string CreateA = "32 10 003a 00000000 0001 00 00" + " 02 00010121436587f9 0e01 10 00000012 11 00000011 14 05"
        + " 80 0002 f121 83 0009 08696e7465726e6574 85 0004 1414140a 85 0004 1414140a";
    // Cause 128 (accepted), GGSN TEID Data I 0x22, TEID-C 0x21, End User 100.64.0.9, GGSN addresses 10.10.10.2.
    private const string CreateAResponse = "32 11 0027 00000011 0001 00 00" + " 01 80 10 00000022 11 00000021 80 0006 f121 64400009"
        + " 85 0004 0a0a0a02 85 0004 0a0a0a02";
    // The same subscriber's second context: NSAPI 6, SGSN TEIDs 0x13/0x14, sequence 3.
    private const string CreateB = "32 10 003a 00000000 0003 00 00" + " 02 00010121436587f9 0e01 10 00000014 11 00000013 14 06"
        + " 80 0002 f121 83 0009 08696e7465726e6574 85 0004 1414140a 85 0004 1414140a";
    private const string CreateBResponse = "32 11 0027 00000013 0003 00 00" + " 01 80 10 00000024 11 00000023 80 0006 f121 64400009"
        + " 85 0004 0a0a0a02 85 0004 0a0a0a02";
    // Delete PDP Context Request for NSAPI 5 to the GGSN's TEID-C 0x21, and its accepted response to the SGSN's 0x11.
    private const string DeleteA = "32 14 0006 00000021 0004 00 00 14 05";
    private const string DeleteAResponse = "32 15 0006 00000011 0004 00 00 01 80";
    // A downlink G-PDU to context B's SGSN TEID-U 0x14 (4 octets of payload).
    private const string DownlinkB = "30 ff 0004 00000014 61626364";

    private static byte[] Hex(string text) => Convert.FromHexString(text.Replace(" ", "", StringComparison.Ordinal));

    [Fact]
    public void AtTheCapACreateResponseIsDroppedCountedAndAlarmedAndAfterADeleteTheCreatePasses()
    {
        var h = new Harness();
        h.Engine.Tunnels.MaxTunnels = 1;
        var alarms = new FirewallAlarmDecisions(new AlarmOptions(), TimeSpan.FromSeconds(1));

        Assert.Equal(Verdict.Permit, h.Control(Sgsn, Ggsn, Hex(CreateA)).Verdict);
        Assert.Equal(Verdict.Permit, h.Control(Ggsn, Sgsn, Hex(CreateAResponse)).Verdict);
        Assert.Equal(1, h.Engine.Tunnels.Count);
        Assert.Equal(AlarmTransition.Raise, TunnelAlarm(alarms, h));

        Assert.Equal(Verdict.Permit, h.Control(Sgsn, Ggsn, Hex(CreateB)).Verdict);
        var refused = h.Control(Ggsn, Sgsn, Hex(CreateBResponse));
        Assert.Equal((Verdict.Drop, DropReason.TunnelLimit), (refused.Verdict, refused.Reason));
        Assert.Equal(1, h.Engine.Counters.Snapshot().Drops["TunnelLimit"]);
        Assert.Equal(1, h.Engine.Tunnels.Count);
        // No state for B: its G-PDUs find no tunnel.
        Assert.Equal(DropReason.NoTunnel, h.User(Ggsn, Sgsn, Hex(DownlinkB)).Reason);

        Assert.Equal(Verdict.Permit, h.Control(Sgsn, Ggsn, Hex(DeleteA)).Verdict);
        Assert.Equal(Verdict.Permit, h.Control(Ggsn, Sgsn, Hex(DeleteAResponse)).Verdict);
        Assert.Equal(0, h.Engine.Tunnels.Count);
        Assert.Equal(AlarmTransition.Clear, TunnelAlarm(alarms, h));

        // The SGSN retransmits B's request (same sequence number): now it fits.
        Assert.Equal(Verdict.Permit, h.Control(Sgsn, Ggsn, Hex(CreateB)).Verdict);
        Assert.Equal(Verdict.Permit, h.Control(Ggsn, Sgsn, Hex(CreateBResponse)).Verdict);
        Assert.Equal(Verdict.Permit, h.User(Ggsn, Sgsn, Hex(DownlinkB)).Verdict);
        Assert.Equal((1, 2), (h.Engine.Tunnels.Count, h.Engine.Counters.TunnelsCreated));
        Assert.Equal(1, h.Engine.Counters.Snapshot().Drops["TunnelLimit"]);
    }

    [Fact]
    public void AtTheCapAGtpV2CreateSessionResponseIsDroppedWithTheTunnelLimitReason()
    {
        var h = new Harness();
        h.Engine.Tunnels.MaxTunnels = 0;

        Assert.Equal(Verdict.Permit, h.Control(Scenario.YvSgw1, Scenario.XhPgw, V2Flow.CreateSessionRequest(Scenario.YvSgw1)).Verdict);
        var refused = h.Control(Scenario.XhPgw, Scenario.YvSgw1, V2Flow.CreateSessionResponse());

        Assert.Equal(DropReason.TunnelLimit, refused.Reason);
        Assert.Equal(0, h.Engine.Tunnels.Count);
    }

    [Theory]
    [InlineData(0, "Firewall:MaxTunnels: 0 is not 1-100000000")]
    [InlineData(100_000_001, "Firewall:MaxTunnels: 100000001 is not 1-100000000")]
    public void ABadMaxTunnelsIsOneLineNamingTheKey(int value, string expected)
    {
        var options = Scenario.Options();
        options.MaxTunnels = value;

        var error = Assert.Throws<FirewallConfigurationException>(() => FirewallOptionsValidator.Compile(options));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void MaxTunnelsIsBoundFromTheConfigurationAndDefaultsToFourMillion()
    {
        var set = FirewallConfigurationLoader.BindJson("""{ "Firewall": { "MaxTunnels": 250000 } }""");
        var absent = FirewallConfigurationLoader.BindJson("""{ "Firewall": { "HandoverDefault": "permit" } }""");

        Assert.Equal((250_000, 4_000_000), (set.MaxTunnels, absent.MaxTunnels));
    }

    private static AlarmTransition TunnelAlarm(FirewallAlarmDecisions alarms, Harness h) =>
        alarms.Observe(new FirewallSample(null, h.Engine.Tunnels.Count, h.Engine.Tunnels.MaxTunnels, 0, 0, 0, 0, 0))
            .Single(d => d.Alarm == FirewallAlarms.TunnelTableNearCapacity).Transition;
}
