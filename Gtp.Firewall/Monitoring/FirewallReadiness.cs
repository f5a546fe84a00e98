using Gtp.Firewall.Configuration;
using Gtp.Firewall.Inline;
using Microsoft.Extensions.Options;
using Operations.Alarms;
using Operations.Health;

namespace Gtp.Firewall.Monitoring;

/// <summary>
/// <c>/readyz</c> of <c>run</c>: not ready while the queue is not bound, while the queue is overloaded (packets pass
/// unjudged with fail-open, or are dropped), or while the charging backlog alarm is active. Reads state only.
/// </summary>
internal sealed class FirewallReadiness(IOptions<FirewallOptions> options, RunState state, AlarmRegistry alarms) : IReadinessCheck
{
    public ReadinessResult Check()
    {
        var reasons = new List<string>(3);
        if (state.Queue is null)
            reasons.Add($"NFQUEUE {options.Value.Queue.Describe()} {(options.Value.Queue.Count == 1 ? "is" : "are")} not bound");
        foreach (var alarm in alarms.Active())
        {
            if (alarm.Name == FirewallAlarms.QueueOverload)
                reasons.Add($"queue overloaded: {alarm.Reason}");
            else if (alarm.Name == FirewallAlarms.ChargingBacklog)
                reasons.Add($"charging backlog: {alarm.Reason}");
        }
        return reasons.Count == 0 ? ReadinessResult.Ready : ReadinessResult.NotReady(string.Join("; ", reasons));
    }
}
