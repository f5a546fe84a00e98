namespace Gtp.Firewall.Capture;

/// <summary>The network-layer protocol found after the link-layer header of a captured frame.</summary>
public enum CaptureNetworkProtocol : byte
{
    /// <summary>Not IP, an unsupported link type, or a frame too short to hold its link-layer header.</summary>
    NotIp = 0,
    IPv4 = 4,
    IPv6 = 6,
}
