namespace Gtp.Firewall.Capture;

/// <summary>
/// One packet read from a capture. <see cref="Frame"/> points into the reader's reused buffer and is valid only
/// until the next call to <see cref="CaptureReader.TryReadNext"/>; copy it if it must live longer.
/// </summary>
public readonly struct CapturedPacket
{
    internal CapturedPacket(
        long timestampNanoseconds,
        int interfaceIndex,
        LinkType linkType,
        int originalLength,
        ReadOnlyMemory<byte> frame,
        CaptureNetworkProtocol networkProtocol,
        int networkOffset)
    {
        TimestampNanoseconds = timestampNanoseconds;
        InterfaceIndex = interfaceIndex;
        LinkType = linkType;
        OriginalLength = originalLength;
        Frame = frame;
        NetworkProtocol = networkProtocol;
        NetworkOffset = networkOffset;
    }

    /// <summary>Nanoseconds since 1970-01-01T00:00:00Z (0 for pcapng Simple Packet Blocks, which carry no time).</summary>
    public long TimestampNanoseconds { get; }

    /// <summary>The timestamp at 100 ns resolution.</summary>
    public DateTimeOffset Timestamp => DateTimeOffset.UnixEpoch.AddTicks(TimestampNanoseconds / 100);

    /// <summary>pcapng interface ID within the current section; always 0 for pcap.</summary>
    public int InterfaceIndex { get; }

    public LinkType LinkType { get; }

    /// <summary>Length of the packet on the wire; larger than <see cref="Frame"/> when the capture was snapped.</summary>
    public int OriginalLength { get; }

    /// <summary>The captured octets, link-layer header included.</summary>
    public ReadOnlyMemory<byte> Frame { get; }

    public CaptureNetworkProtocol NetworkProtocol { get; }

    /// <summary>Offset of the IP header within <see cref="Frame"/>; -1 when <see cref="IsIp"/> is false.</summary>
    public int NetworkOffset { get; }

    public bool IsIp => NetworkProtocol != CaptureNetworkProtocol.NotIp;

    /// <summary>True when fewer octets were captured than were on the wire.</summary>
    public bool IsTruncated => Frame.Length < OriginalLength;

    /// <summary>
    /// The IP packet (header onward) to the end of the captured frame; empty when <see cref="IsIp"/> is false.
    /// It may be longer than the IP total length (Ethernet pads frames to 60 octets) or shorter (snapped capture).
    /// </summary>
    public ReadOnlyMemory<byte> IpPacket => IsIp ? Frame[NetworkOffset..] : ReadOnlyMemory<byte>.Empty;
}
