namespace Gtp.Firewall.Monitoring;

/// <summary>
/// What the alarm decisions look at, once per interval: the queue (null while it is not bound), the tunnel table and
/// the fragment buffers against their caps, and the charging backlog (0 while charging is off).
/// </summary>
public sealed record FirewallSample(
    QueueSample? Queue,
    int Tunnels,
    int MaxTunnels,
    int FragmentDatagrams,
    int MaxFragmentDatagrams,
    long FragmentBytes,
    long MaxFragmentBytes,
    long ChargingBacklog);
