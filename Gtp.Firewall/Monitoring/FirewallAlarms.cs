namespace Gtp.Firewall.Monitoring;

/// <summary>The alarms of <c>run</c>: the <c>alarm</c> tag of <c>gtp_firewall_alarm_active</c> (docs/firewall-design.md, "Alarms").</summary>
public static class FirewallAlarms
{
    /// <summary>The kernel passed (fail-open) or dropped packets without a verdict, or its queue is nearly full.</summary>
    public const string QueueOverload = "queue_overload";

    /// <summary>The tunnel table is near its cap; beyond it new tunnels are refused.</summary>
    public const string TunnelTableNearCapacity = "tunnel_table_near_capacity";

    /// <summary>Fragments in reassembly are near their datagram or byte cap; beyond it fragments are dropped.</summary>
    public const string FragmentMemoryNearCapacity = "fragment_memory_near_capacity";

    /// <summary>Usage records wait for delivery to a CGF past <c>Firewall:Alarms:ChargingBacklog</c>.</summary>
    public const string ChargingBacklog = "charging_backlog";

    public static readonly string[] All = [QueueOverload, TunnelTableNearCapacity, FragmentMemoryNearCapacity, ChargingBacklog];
}
