namespace Gtp.Firewall.Packets;

public enum IpDecodeOutcome : byte
{
    /// <summary>A complete UDP datagram.</summary>
    Udp,
    /// <summary>A fragment of a UDP datagram: goes to the reassembler.</summary>
    Fragment,
    /// <summary>Valid IP, but not UDP (or a non-UDP fragment).</summary>
    NotUdp,
    Malformed,
}
