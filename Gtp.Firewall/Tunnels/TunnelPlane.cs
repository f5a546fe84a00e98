namespace Gtp.Firewall.Tunnels;

/// <summary>The key spaces of the tunnel index; the same (address, TEID) may exist in each.</summary>
public enum TunnelPlane : byte
{
    /// <summary>(GSN/SGW/PGW control address, TEID-C).</summary>
    Control = 1,
    /// <summary>(GSN/SGW/PGW user address, TEID-U); also forwarding tunnels.</summary>
    User = 2,
    /// <summary>(IMSI, NSAPI/EBI): the v0 TID, and how v1/v2 handover messages find contexts.</summary>
    Subscriber = 3,
    /// <summary>(new SGSN user address, flow label) of a GTPv0 forwarding tunnel.</summary>
    V0Forwarding = 4,
}
