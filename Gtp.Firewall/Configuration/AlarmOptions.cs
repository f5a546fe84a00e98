namespace Gtp.Firewall.Configuration;

/// <summary>
/// <c>Firewall:Alarms</c>: the levels at which <c>run</c> raises its alarms (docs/firewall-design.md, "Alarms").
/// Optional; only <c>run</c> reads it.
/// </summary>
public sealed class AlarmOptions
{
    /// <summary>
    /// Tunnel table and fragment memory: raise at this fill of their cap (percent), clear 10 points below, so a table
    /// hovering at the level does not raise and clear on every sample.
    /// </summary>
    public int NearCapacityPercent { get; set; } = 90;

    /// <summary>Usage records waiting to be sent to a CGF at which the charging backlog alarm is raised; cleared below half.</summary>
    public int ChargingBacklog { get; set; } = 10_000;

    /// <summary>How long the queue must stay without unjudged or dropped packets before the overload alarm clears.</summary>
    public TimeSpan QueueOverloadClearAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first problem as one line naming the key, or null.</summary>
    public string? Validate()
    {
        if (NearCapacityPercent is < 11 or > 100)
        {
            return $"Firewall:Alarms:NearCapacityPercent: {NearCapacityPercent} is not 11-100";
        }
        if (ChargingBacklog < 2)
        {
            return $"Firewall:Alarms:ChargingBacklog: {ChargingBacklog} must be at least 2";
        }
        if (QueueOverloadClearAfter < TimeSpan.FromSeconds(1) || QueueOverloadClearAfter > TimeSpan.FromHours(1))
        {
            return $"Firewall:Alarms:QueueOverloadClearAfter: {QueueOverloadClearAfter} is not in 00:00:01-01:00:00";
        }
        return null;
    }
}
