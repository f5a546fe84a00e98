using Gtp.Firewall.Configuration;
using Gtp.Firewall.Inline;
using Gtp.Firewall.Monitoring;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Operations.Alarms;

namespace Gtp.Firewall.Tests.Monitoring;

public class FirewallReadinessTests
{
    [Fact]
    public void NotReadyWhileTheQueueIsNotBoundOrOverloadedOrTheChargingBacklogIsHigh()
    {
        using var alarms = new AlarmRegistry("Gtp.Firewall.Tests.Readiness", "test", NullLogger<AlarmRegistry>.Instance);
        var options = Options.Create(new FirewallOptions { Queue = new QueueOptions { Number = 3 } });
        var readiness = new FirewallReadiness(options, new RunState(), alarms);

        var result = readiness.Check();
        Assert.False(result.IsReady);
        Assert.Equal("NFQUEUE queue 3 is not bound", result.Reason);

        alarms.Raise(FirewallAlarms.QueueOverload, "", "5 packets passed unjudged (fail-open)");
        alarms.Raise(FirewallAlarms.ChargingBacklog, "", "20000 usage records wait for delivery to a CGF");
        alarms.Raise(FirewallAlarms.TunnelTableNearCapacity, "", "not a readiness matter");
        Assert.Equal("NFQUEUE queue 3 is not bound; queue overloaded: 5 packets passed unjudged (fail-open); " +
            "charging backlog: 20000 usage records wait for delivery to a CGF", readiness.Check().Reason);
    }
}
