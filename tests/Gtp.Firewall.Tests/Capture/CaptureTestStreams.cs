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

/// <summary>A non-seekable stream that hands out at most one octet per read, like a slow pipe.</summary>
internal sealed class OneOctetStream(byte[] data) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty || _position >= data.Length)
        {
            return 0;
        }

        buffer[0] = data[_position++];
        return 1;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A stream that fails with an <see cref="IOException"/> after <paramref name="failAfter"/> octets.</summary>
internal sealed class FailingStream(byte[] data, int failAfter) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= failAfter)
        {
            throw new IOException("device gone");
        }

        var count = Math.Min(buffer.Length, Math.Min(failAfter, data.Length) - _position);
        data.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
