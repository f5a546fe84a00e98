namespace Gtp.Firewall.Packets;

/// <summary>A decoded UDP datagram; <see cref="Payload"/> is a slice of the packet (no copy).</summary>
public readonly ref struct UdpDatagram
{
    public UdpDatagram(IpAddress128 source, IpAddress128 destination, ushort sourcePort, ushort destinationPort, ReadOnlySpan<byte> payload)
    {
        Source = source;
        Destination = destination;
        SourcePort = sourcePort;
        DestinationPort = destinationPort;
        Payload = payload;
    }

    public IpAddress128 Source { get; }
    public IpAddress128 Destination { get; }
    public ushort SourcePort { get; }
    public ushort DestinationPort { get; }
    public ReadOnlySpan<byte> Payload { get; }
}
