using System.Buffers.Binary;
using System.Net;

namespace Cgf.Server.Tests.Infrastructure;

/// <summary>
/// Writes a classic pcap (LINKTYPE_RAW, IPv4) of what crossed the wire, wrapping each GTP' message
/// in hand-built IPv4+UDP or IPv4+TCP headers, for tshark to decode independently.
/// </summary>
public sealed class PcapWriter : IDisposable
{
    private const uint LinkTypeRaw = 101;
    private readonly FileStream _file;
    private readonly Dictionary<(int, int), uint> _tcpSequence = new();
    private int _ipId;
    private long _time = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;

    public PcapWriter(string path)
    {
        _file = File.Create(path);
        Span<byte> header = stackalloc byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0xA1B2C3D4);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], 2);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 4);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 65535);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], LinkTypeRaw);
        _file.Write(header);
    }

    public void Udp(IPEndPoint from, IPEndPoint to, byte[] payload)
    {
        var udp = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(udp, (ushort)from.Port);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(2), (ushort)to.Port);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(4), (ushort)udp.Length);
        payload.CopyTo(udp, 8); // checksum 0: none (RFC 768)
        Packet(17, from, to, udp);
    }

    /// <summary>One TCP segment per message (tshark 4.0 decodes only the first GTP' message of a segment).</summary>
    public void Tcp(IPEndPoint from, IPEndPoint to, byte[] payload)
    {
        var key = (from.Port, to.Port);
        _tcpSequence.TryGetValue(key, out var sequence);
        _tcpSequence.TryGetValue((to.Port, from.Port), out var acknowledged);
        var tcp = new byte[20 + payload.Length];
        BinaryPrimitives.WriteUInt16BigEndian(tcp, (ushort)from.Port);
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(2), (ushort)to.Port);
        BinaryPrimitives.WriteUInt32BigEndian(tcp.AsSpan(4), sequence + 1);
        BinaryPrimitives.WriteUInt32BigEndian(tcp.AsSpan(8), acknowledged + 1);
        tcp[12] = 5 << 4;
        tcp[13] = 0x18; // PSH, ACK
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(14), 65535);
        payload.CopyTo(tcp, 20);
        _tcpSequence[key] = sequence + (uint)payload.Length;
        Packet(6, from, to, tcp);
    }

    private void Packet(byte protocol, IPEndPoint from, IPEndPoint to, byte[] transport)
    {
        var ip = new byte[20 + transport.Length];
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(2), (ushort)ip.Length);
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(4), (ushort)++_ipId);
        ip[8] = 64;
        ip[9] = protocol;
        from.Address.MapToIPv4().TryWriteBytes(ip.AsSpan(12), out _);
        to.Address.MapToIPv4().TryWriteBytes(ip.AsSpan(16), out _);
        uint sum = 0;
        for (var i = 0; i < 20; i += 2)
            sum += BinaryPrimitives.ReadUInt16BigEndian(ip.AsSpan(i));
        while (sum > 0xFFFF)
            sum = (sum & 0xFFFF) + (sum >> 16);
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(10), (ushort)~sum);
        transport.CopyTo(ip, 20);

        Span<byte> record = stackalloc byte[16];
        _time += 1000;
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)(_time / 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)(_time % 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(record[8..], (uint)ip.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record[12..], (uint)ip.Length);
        _file.Write(record);
        _file.Write(ip);
    }

    public void Dispose() => _file.Dispose();
}
