using System.Buffers.Binary;

namespace Cgf.Server.Tests.Infrastructure;

/// <summary>
/// GTP' messages assembled octet by octet in the tests, independently of the codec under test
/// (layouts: docs/gtp-prime.md §1-§3 and the §7 vectors).
/// </summary>
public static class Gtpp
{
    public const byte V2 = 0x4E;       // version 2, PT 0, spare 111
    public const byte V1 = 0x2E;
    public const byte V0Short = 0x0F;  // version 0, 6-octet header
    public const byte V0Long = 0x0E;   // version 0, 20-octet header

    /// <summary>A Rel-17 PGW record from the docs/gtp-prime.md §7 Send vector (record octets only).</summary>
    public static readonly byte[] SampleRecord = Convert.FromHexString("bf4f1b800155830821436587092143f5a40680040a000001850400000001");

    public static byte[] Message(byte type, ushort seq, byte[] body, byte first = V2)
    {
        var headerLength = first == V0Long ? 20 : 6;
        var message = new byte[headerLength + body.Length];
        message[0] = first;
        message[1] = type;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(2), (ushort)body.Length);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(4), seq);
        body.CopyTo(message, headerLength);
        return message;
    }

    public static byte[] EchoRequest(ushort seq, byte first = V2) => Message(1, seq, [], first);

    public static byte[] NodeAliveRequest(ushort seq) => Message(4, seq, [0xFB, 0x00, 0x04, 10, 0, 0, 9]);

    /// <summary>A valid record made unique by its chargingID [5] (4 octets).</summary>
    public static byte[] Record(uint chargingId)
    {
        var record = (byte[])SampleRecord.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(record.AsSpan(record.Length - 4), chargingId);
        // Keep the INTEGER minimal-form-agnostic: BER allows a leading 00/FF octet; first octet < 0x80 keeps it positive.
        record[^4] &= 0x7F;
        return record;
    }

    /// <summary>IE 252 with the Rel-17 extension-octet header of the docs/gtp-prime.md §7 vector: format BER, app 1, rel 0 + ext 17, version 0x0b.</summary>
    public static byte[] DataRecordPacket(params byte[][] records)
    {
        var body = new List<byte> { (byte)records.Length, 0x01, 0x10, 0x0B, 0x11 };
        foreach (var record in records)
        {
            body.Add((byte)(record.Length >> 8));
            body.Add((byte)record.Length);
            body.AddRange(record);
        }
        return [0xFC, (byte)(body.Count >> 8), (byte)body.Count, .. body];
    }

    public static byte[] Transfer(ushort seq, byte ptc, byte[] ies, byte first = V2) => Message(240, seq, [0x7E, ptc, .. ies], first);

    public static byte[] Send(ushort seq, params byte[][] records) => Transfer(seq, 1, DataRecordPacket(records));

    public static byte[] SendPossiblyDuplicated(ushort seq, params byte[][] records) => Transfer(seq, 2, DataRecordPacket(records));

    /// <summary>Empty test packet, IE length 0 (<c>FC 00 00</c>).</summary>
    public static byte[] TestPacket(ushort seq) => Transfer(seq, 2, [0xFC, 0x00, 0x00]);

    /// <summary>Empty test packet, Number of Data Records = 0 with format and version octets.</summary>
    public static byte[] TestPacketZeroRecords(ushort seq) => Transfer(seq, 2, [0xFC, 0x00, 0x04, 0x00, 0x01, 0x18, 0x07]);

    public static byte[] Release(ushort seq, params ushort[] released) => Transfer(seq, 4, SequenceList(0xF9, released));

    public static byte[] Cancel(ushort seq, params ushort[] cancelled) => Transfer(seq, 3, SequenceList(0xFA, cancelled));

    public static byte[] RedirectionResponse(ushort seq) => Message(7, seq, [0x01, 0x80]);

    private static byte[] SequenceList(byte type, ushort[] sequences)
    {
        var ie = new byte[3 + 2 * sequences.Length];
        ie[0] = type;
        BinaryPrimitives.WriteUInt16BigEndian(ie.AsSpan(1), (ushort)(2 * sequences.Length));
        for (var i = 0; i < sequences.Length; i++)
            BinaryPrimitives.WriteUInt16BigEndian(ie.AsSpan(3 + 2 * i), sequences[i]);
        return ie;
    }

    /// <summary>Reads a received message octet by octet (not with the codec under test).</summary>
    public static Parsed Parse(byte[] message)
    {
        var first = message[0];
        var headerLength = (first >> 5) == 0 && (first & 1) == 0 ? 20 : 6;
        var length = BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(2));
        Assert.Equal(headerLength + length, message.Length);
        int? cause = null, recovery = null;
        var responded = new List<ushort>();
        var addresses = new List<(byte Type, byte[] Address)>();
        var offset = headerLength;
        while (offset < message.Length)
        {
            var type = message[offset];
            switch (type)
            {
                case 1:
                    cause = message[offset + 1];
                    offset += 2;
                    break;
                case 14:
                    recovery = message[offset + 1];
                    offset += 2;
                    break;
                default:
                    Assert.True(type >= 128, $"unexpected TV IE {type}");
                    var ieLength = BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(offset + 1));
                    var value = message.AsSpan(offset + 3, ieLength);
                    if (type == 253)
                        for (var i = 0; i < ieLength; i += 2)
                            responded.Add(BinaryPrimitives.ReadUInt16BigEndian(value[i..]));
                    else if (type is 251 or 254)
                        addresses.Add((type, value.ToArray()));
                    offset += 3 + ieLength;
                    break;
            }
        }
        return new Parsed(first, message[1], BinaryPrimitives.ReadUInt16BigEndian(message.AsSpan(4)), cause, recovery, responded, addresses);
    }

    public sealed record Parsed(byte First, byte Type, ushort Sequence, int? Cause, int? Recovery, List<ushort> Responded, List<(byte Type, byte[] Address)> Addresses);
}
