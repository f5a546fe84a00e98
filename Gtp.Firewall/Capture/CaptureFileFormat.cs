namespace Gtp.Firewall.Capture;

/// <summary>The container format detected from a capture file's first four octets.</summary>
public enum CaptureFileFormat
{
    /// <summary>libpcap (draft-ietf-opsawg-pcap), microsecond or nanosecond magic, either byte order.</summary>
    Pcap,

    /// <summary>pcapng (draft-ietf-opsawg-pcapng), sections of either byte order.</summary>
    Pcapng,
}
