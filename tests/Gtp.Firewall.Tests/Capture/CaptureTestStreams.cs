using Gtp.Firewall.Capture;

namespace Gtp.Firewall.Tests.Capture;

/// <summary>Helpers that drive a <see cref="CaptureReader"/> to the end and collect what it produced.</summary>
internal static class CaptureTestStreams
{
    public static CaptureReader Open(byte[] file) => CaptureReader.Open(new MemoryStream(file));

    /// <summary>Reads everything; returns copies of the packets and the final error (null at a clean end).</summary>
    public static (List<PacketCopy> Packets, CaptureError? Error) ReadAll(Stream stream)
    {
        var packets = new List<PacketCopy>();
        if (!CaptureReader.TryOpen(stream, out var reader, out var error))
        {
            return (packets, error);
        }

        using (reader)
        {
            while (reader!.TryReadNext(out var packet) == CaptureReadStatus.Packet)
            {
                packets.Add(new PacketCopy(packet));
            }

            return (packets, reader.Error);
        }
    }

    public static (List<PacketCopy> Packets, CaptureError? Error) ReadAll(byte[] file) => ReadAll(new MemoryStream(file));

    internal sealed record PacketCopy
    {
        public PacketCopy(CapturedPacket packet)
        {
            TimestampNanoseconds = packet.TimestampNanoseconds;
            InterfaceIndex = packet.InterfaceIndex;
            LinkType = packet.LinkType;
            OriginalLength = packet.OriginalLength;
            Frame = packet.Frame.ToArray();
            NetworkProtocol = packet.NetworkProtocol;
            NetworkOffset = packet.NetworkOffset;
            IpPacket = packet.IpPacket.ToArray();
        }

        public long TimestampNanoseconds { get; }

        public int InterfaceIndex { get; }

        public LinkType LinkType { get; }

        public int OriginalLength { get; }

        public byte[] Frame { get; }

        public CaptureNetworkProtocol NetworkProtocol { get; }

        public int NetworkOffset { get; }

        public byte[] IpPacket { get; }
    }
}
