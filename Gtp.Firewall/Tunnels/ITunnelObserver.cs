using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Tunnels;

/// <summary>
/// Tunnel lifecycle events, raised synchronously on the inspecting thread (keep handlers short; queue work).
/// A usage-CDR producer closes a record on <see cref="TunnelDeleted"/> and may emit a partial one on
/// <see cref="TunnelUpdated"/> (serving node change).
/// </summary>
public interface ITunnelObserver
{
    void TunnelCreated(in TunnelInfo tunnel);

    void TunnelUpdated(in TunnelInfo tunnel, IpAddress128 previousServingControl, IpAddress128 previousServingUser);

    void TunnelDeleted(in TunnelInfo tunnel, TunnelDeleteReason reason);

    /// <summary>
    /// The context's uplink + downlink octets reached <see cref="TunnelTable.VolumeLimit"/> more since the last
    /// event (or its creation): a usage-CDR producer closes a partial record (TS 32.251 §5.2.3.2 volume limit).
    /// </summary>
    void TunnelVolumeLimitReached(in TunnelInfo tunnel)
    {
    }

    /// <summary>Called from the engine's periodic sweep (packet time): time-limit partial records; keep the work bounded.</summary>
    void Swept(TunnelTable tunnels, long nowTicks)
    {
    }
}
