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
}
