using Gtp.Firewall.Configuration;
using Gtp.Firewall.Monitoring;
using Operations.Alarms;

namespace Gtp.Firewall.Tests.Monitoring;

public class FirewallAlarmDecisionsTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static FirewallSample Sample(int tunnels = 0, int datagrams = 0, long bytes = 0, long backlog = 0, QueueSample? queue = null) =>
        new(queue, tunnels, MaxTunnels: 1000, datagrams, MaxFragmentDatagrams: 200, bytes, MaxFragmentBytes: 10_000, backlog);

    private static AlarmTransition Transition(IReadOnlyList<AlarmDecision> decisions, string alarm) =>
        decisions.Single(d => d.Alarm == alarm).Transition;

    [Fact]
    public void TheTunnelTableAlarmRaisesAtTheConfiguredFillAndClearsTenPointsBelow()
    {
        var decisions = new FirewallAlarmDecisions(new AlarmOptions { NearCapacityPercent = 90 }, Second);

        Assert.Equal(AlarmTransition.None, Transition(decisions.Observe(Sample(tunnels: 899)), FirewallAlarms.TunnelTableNearCapacity));
        var raised = decisions.Observe(Sample(tunnels: 900));
        Assert.Equal(AlarmTransition.Raise, Transition(raised, FirewallAlarms.TunnelTableNearCapacity));
        Assert.Equal("900 tunnels of at most 1000 (90 %)", raised.Single(d => d.Alarm == FirewallAlarms.TunnelTableNearCapacity).Reason);
        Assert.Equal(AlarmTransition.None, Transition(decisions.Observe(Sample(tunnels: 800)), FirewallAlarms.TunnelTableNearCapacity));
        Assert.Equal(AlarmTransition.Clear, Transition(decisions.Observe(Sample(tunnels: 799)), FirewallAlarms.TunnelTableNearCapacity));
    }

    [Theory]
    [InlineData(180, 0)] // 90 % of the datagrams
    [InlineData(0, 9000)] // 90 % of the bytes
    public void FragmentMemoryRaisesOnWhicheverCapIsNearer(int datagrams, long bytes)
    {
        var decisions = new FirewallAlarmDecisions(new AlarmOptions(), Second);
        Assert.Equal(AlarmTransition.Raise, Transition(decisions.Observe(Sample(datagrams: datagrams, bytes: bytes)), FirewallAlarms.FragmentMemoryNearCapacity));
        Assert.Equal(AlarmTransition.Clear, Transition(decisions.Observe(Sample()), FirewallAlarms.FragmentMemoryNearCapacity));
    }

    [Fact]
    public void TheChargingBacklogAlarmRaisesAtItsThresholdAndClearsBelowHalf()
    {
        var decisions = new FirewallAlarmDecisions(new AlarmOptions { ChargingBacklog = 100 }, Second);
        Assert.Equal(AlarmTransition.None, Transition(decisions.Observe(Sample(backlog: 99)), FirewallAlarms.ChargingBacklog));
        var raised = decisions.Observe(Sample(backlog: 100));
        Assert.Equal(AlarmTransition.Raise, Transition(raised, FirewallAlarms.ChargingBacklog));
        Assert.Equal("100 usage records wait for delivery to a CGF", raised.Single(d => d.Alarm == FirewallAlarms.ChargingBacklog).Reason);
        Assert.Equal(AlarmTransition.None, Transition(decisions.Observe(Sample(backlog: 50)), FirewallAlarms.ChargingBacklog));
        Assert.Equal(AlarmTransition.Clear, Transition(decisions.Observe(Sample(backlog: 49)), FirewallAlarms.ChargingBacklog));
    }

    [Fact]
    public void TheOverloadAlarmClearsAfterTheConfiguredQuietTimeInSamples()
    {
        var decisions = new FirewallAlarmDecisions(new AlarmOptions { QueueOverloadClearAfter = TimeSpan.FromSeconds(3) }, Second);
        var overloaded = new QueueSample(Unjudged: 5, 0, 0, 0, 1000, FailOpen: true);
        Assert.Equal(AlarmTransition.Raise, Transition(decisions.Observe(Sample(queue: overloaded)), FirewallAlarms.QueueOverload));
        Assert.Equal(AlarmTransition.None, Transition(decisions.Observe(Sample(queue: overloaded)), FirewallAlarms.QueueOverload));
        Assert.Equal(AlarmTransition.None, Transition(decisions.Observe(Sample(queue: overloaded)), FirewallAlarms.QueueOverload));
        Assert.Equal(AlarmTransition.Clear, Transition(decisions.Observe(Sample(queue: overloaded)), FirewallAlarms.QueueOverload));
    }

    [Fact]
    public void AnUnboundQueueIsNotJudged()
    {
        var decisions = new FirewallAlarmDecisions(new AlarmOptions(), Second);
        Assert.DoesNotContain(decisions.Observe(Sample()), d => d.Alarm == FirewallAlarms.QueueOverload);
    }
}
