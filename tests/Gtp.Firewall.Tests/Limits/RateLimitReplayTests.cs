using Gtp.Firewall.Configuration;
using Gtp.Firewall.Inspection;
using Gtp.Firewall.Logging;
using Gtp.Firewall.Tests.Support;

namespace Gtp.Firewall.Tests.Limits;

/// <summary>Rate limiting per destination GSN and per APN control, replayed through the engine with hand-built messages.</summary>
public class RateLimitReplayTests
{
    private static Harness With(Action<GtpProfileOptions> configure)
    {
        var o = Scenario.Options();
        configure(o.GtpProfiles["Scenario-1"]);
        return new Harness(o);
    }

    // GTPv1 Echo Request (TS 29.060 §7.2.1) with Recovery 1.
    private static byte[] Echo(int seq) => Gtp1.Control(1, 0, seq, Gtp1.Recovery(1));

    [Fact]
    public void DropThresholdDropsTheRestOfTheSecondAndAlarmAndDropAreLoggedOncePerSecond()
    {
        var h = With(p => p.RateLimit = new RateLimitOptions { AlarmThreshold = 2, DropThreshold = 3 });
        var verdicts = Enumerable.Range(1, 6).Select(i => h.Control(V1Flow.Sgsn, V1Flow.Ggsn, Echo(i)).Verdict).ToList();
        Assert.Equal([Verdict.Permit, Verdict.Permit, Verdict.Permit, Verdict.Drop, Verdict.Drop, Verdict.Drop], verdicts);
        Assert.Equal(3, h.Engine.Counters.Drops(DropReason.GsnRateLimited));
        Assert.Single(h.Log, l => l.Kind == FirewallLogKind.RateLimitAlarm);
        var drop = Assert.Single(h.Log, l => l.Reason == DropReason.GsnRateLimited);
        Assert.Equal($"gsn={V1Flow.Ggsn} count=4", drop.Detail);
        Assert.Equal(0, drop.Suppressed);

        // The next second starts again; its first drop line reports the two drops not logged before.
        h.Now = h.Now.AddSeconds(1);
        verdicts = Enumerable.Range(7, 4).Select(i => h.Control(V1Flow.Sgsn, V1Flow.Ggsn, Echo(i)).Verdict).ToList();
        Assert.Equal([Verdict.Permit, Verdict.Permit, Verdict.Permit, Verdict.Drop], verdicts);
        Assert.Equal(2, h.Log.Count(l => l.Kind == FirewallLogKind.RateLimitAlarm));
        Assert.Equal(2, h.Log.Last(l => l.Reason == DropReason.GsnRateLimited).Suppressed);
        Assert.Contains("suppressed=2", h.Log.Last().Describe());

        // The status page's list: two seconds over the alarm threshold, 1 + 1 + 2 drops logged so far.
        var entry = Assert.Single(h.Engine.RateLimits.Snapshot());
        Assert.Equal(($"gsn {V1Flow.Ggsn}", 2, 4, h.Now), (entry.Key, entry.AlarmSeconds, entry.Drops, entry.LastOver));
    }

    [Fact]
    public void EachDestinationGsnHasItsOwnWindow()
    {
        var h = With(p => p.RateLimit = new RateLimitOptions { DropThreshold = 1 });
        Assert.Equal(Verdict.Permit, h.Control(V1Flow.Sgsn, V1Flow.Ggsn, Echo(1)).Verdict);
        Assert.Equal(Verdict.Permit, h.Control(V1Flow.Ggsn, V1Flow.Sgsn, Echo(2)).Verdict);
        Assert.Equal(Verdict.Drop, h.Control(V1Flow.NewSgsn, V1Flow.Ggsn, Echo(3)).Verdict);
    }

    [Fact]
    public void OnlyListedMessageTypesCount()
    {
        var h = With(p => p.RateLimit = new RateLimitOptions { DropThreshold = 1, MessageTypes = new() { V1 = [16] } });
        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal(Verdict.Permit, h.Control(V1Flow.Sgsn, V1Flow.Ggsn, Echo(i)).Verdict);
        }
        Assert.Equal(Verdict.Permit, h.Control(V1Flow.Sgsn, V1Flow.Ggsn, V1Flow.CreatePdpRequest(seq: 10)).Verdict);
        var second = h.Control(V1Flow.Sgsn, V1Flow.Ggsn, V1Flow.CreatePdpRequest(seq: 11));
        Assert.Equal((Verdict.Drop, DropReason.GsnRateLimited), (second.Verdict, second.Reason));
    }

    [Fact]
    public void AlarmAloneNeverDrops()
    {
        var h = With(p => p.RateLimit = new RateLimitOptions { AlarmThreshold = 1 });
        for (var i = 1; i <= 5; i++)
        {
            Assert.Equal(Verdict.Permit, h.Control(V1Flow.Sgsn, V1Flow.Ggsn, Echo(i)).Verdict);
        }
        var alarm = Assert.Single(h.Log);
        Assert.Equal((FirewallLogKind.RateLimitAlarm, 4), (alarm.Kind, alarm.Severity));
        Assert.Contains("GTP rate-limit alarm", alarm.Describe());
    }

    [Fact]
    public void ApnControlCountsTheMessagesCarryingItsApn()
    {
        var h = With(p => p.ApnControls["ims"] = new ApnControlOptions { Apn = "ims", DropThreshold = 1 });
        Assert.Equal(Verdict.Permit, h.Control(Scenario.YvSgw1, Scenario.XhPgw, V2Flow.CreateSessionRequest(Scenario.YvSgw1, seq: 1)).Verdict);
        // Another APN is not counted by this control.
        Assert.Equal(Verdict.Permit, h.Control(V1Flow.Sgsn, V1Flow.Ggsn, V1Flow.CreatePdpRequest(seq: 2)).Verdict);
        var second = h.Control(Scenario.YvSgw2, Scenario.XhPgw, V2Flow.CreateSessionRequest(Scenario.YvSgw2, seq: 3));
        Assert.Equal((Verdict.Drop, DropReason.ApnRateLimited), (second.Verdict, second.Reason));
        Assert.Equal(1, h.Engine.Counters.Drops(DropReason.ApnRateLimited));
        Assert.Equal("apn-control=Scenario-1/ims apn=ims count=2", Assert.Single(h.Log).Detail);
        Assert.Equal(2, h.Engine.PendingRequests);
    }
}
