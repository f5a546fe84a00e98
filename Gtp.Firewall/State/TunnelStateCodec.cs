using Gtp.Firewall.Packets;
using Gtp.Firewall.Tunnels;
using System.Buffers.Binary;
using System.Text;

namespace Gtp.Firewall.State;

/// <summary>
/// The byte layout of one persisted tunnel (docs/firewall-design.md, "Tunnel state"): a layout version octet, then
/// fixed little-endian fields, the APN text and an optional open record. Decoding returns a precise error, never throws.
/// </summary>
public static class TunnelStateCodec
{
    /// <summary>Layout version of a row; a row of another version is refused (the file comes from another release).</summary>
    public const byte LayoutVersion = 1;

    // version, kind, flags, version, nsapi (5) + 2 sequences (4) + 6 uint32 (24) + 5 addresses (80) + 6 int64 (48)
    // + IMSI (8) + APN length (2).
    private const int FixedLength = 5 + 4 + 24 + 80 + 48 + 8 + 2;
    private const int OpenLength = 8 + 8 + 8 + 4;
    private const int MaxApnOctets = 100; // TS 23.003 §9.1: an APN is at most 100 octets.
    // The marker after the APN. 2 was added with the subscriber fields: rows of the earlier layout (0, 1) still read.
    private const byte NoOpenRecord = 0;
    private const byte OpenRecord = 1;
    private const byte OpenRecordWithSubscriber = 2;

    public static byte[] Encode(TunnelTable table, int slot, OpenRecordState? open)
    {
        ArgumentNullException.ThrowIfNull(table);
        ref var t = ref table.Slot(slot);
        var apn = table.Apns[t.ApnId];
        var apnLength = apn is null ? 0 : Encoding.UTF8.GetByteCount(apn);
        List<byte>? subscriber = null;
        if (open?.Subscriber is { } state)
        {
            subscriber = [];
            SubscriberStateCodec.Write(subscriber, state);
        }
        var bytes = new byte[FixedLength + apnLength + 1 + (open is null ? 0 : OpenLength) + (subscriber?.Count ?? 0)];
        var w = bytes.AsSpan();
        w[0] = LayoutVersion;
        w[1] = (byte)t.Kind;
        // The dirty mark is bookkeeping of this process, not state.
        w[2] = (byte)(t.Flags & ~TunnelFlags.Dirty);
        w[3] = t.Version;
        w[4] = t.Nsapi;
        var p = 5;
        Put16(w, ref p, t.UplinkSequence);
        Put16(w, ref p, t.DownlinkSequence);
        foreach (var value in (ReadOnlySpan<uint>)[t.ServingUserTeid, t.AnchorUserTeid, t.ServingControlTeid, t.AnchorControlTeid, t.ChargingId, t.Generation])
            Put32(w, ref p, value);
        foreach (var address in (ReadOnlySpan<IpAddress128>)[table.Nodes[t.ServingControlNode], table.Nodes[t.ServingUserNode],
                     table.Nodes[t.AnchorControlNode], table.Nodes[t.AnchorUserNode], t.EndUser])
        {
            Put64(w, ref p, address.Hi);
            Put64(w, ref p, address.Lo);
        }
        foreach (var value in (ReadOnlySpan<long>)[t.LastSeenTicks, t.UplinkPackets, t.UplinkBytes, t.DownlinkPackets, t.DownlinkBytes, t.CreatedTicks])
            Put64(w, ref p, (ulong)value);
        Put64(w, ref p, t.Imsi);
        Put16(w, ref p, (ushort)apnLength);
        if (apn is not null)
            p += Encoding.UTF8.GetBytes(apn, w[p..]);
        w[p++] = open is null ? NoOpenRecord : subscriber is null ? OpenRecord : OpenRecordWithSubscriber;
        if (open is { } o)
        {
            Put64(w, ref p, (ulong)o.OpenedTicks);
            Put64(w, ref p, (ulong)o.UplinkOctetsAtOpening);
            Put64(w, ref p, (ulong)o.DownlinkOctetsAtOpening);
            Put32(w, ref p, (uint)o.Partial);
        }
        if (subscriber is not null)
        {
            System.Runtime.InteropServices.CollectionsMarshal.AsSpan(subscriber).CopyTo(w[p..]);
        }
        return bytes;
    }

    /// <summary>Decodes a row of slot <paramref name="slot"/>; false with <paramref name="error"/> naming the problem.</summary>
    public static bool TryDecode(int slot, ReadOnlySpan<byte> row, out TunnelStateRecord? record, out string? error)
    {
        record = null;
        if (row.Length < 1)
            return Fail("empty row", out error);
        if (row[0] != LayoutVersion)
            return Fail($"layout version {row[0]}, this program reads {LayoutVersion}", out error);
        if (row.Length < FixedLength + 1)
            return Fail($"{row.Length} octets, shorter than the {FixedLength + 1} of the fixed part", out error);
        var t = new Tunnel
        {
            Kind = (TunnelKind)row[1],
            Flags = (TunnelFlags)row[2],
            Version = row[3],
            Nsapi = row[4],
        };
        if (t.Kind is not (TunnelKind.Context or TunnelKind.Forwarding))
            return Fail($"unknown tunnel kind {row[1]}", out error);
        if (t.Version > 2)
            return Fail($"GTP version {t.Version}", out error);
        if ((t.Flags & TunnelFlags.Dirty) != 0)
            return Fail("flags hold the in-process dirty mark", out error);
        var p = 5;
        t.UplinkSequence = Get16(row, ref p);
        t.DownlinkSequence = Get16(row, ref p);
        t.ServingUserTeid = Get32(row, ref p);
        t.AnchorUserTeid = Get32(row, ref p);
        t.ServingControlTeid = Get32(row, ref p);
        t.AnchorControlTeid = Get32(row, ref p);
        t.ChargingId = Get32(row, ref p);
        t.Generation = Get32(row, ref p);
        var servingControl = GetAddress(row, ref p);
        var servingUser = GetAddress(row, ref p);
        var anchorControl = GetAddress(row, ref p);
        var anchorUser = GetAddress(row, ref p);
        t.EndUser = GetAddress(row, ref p);
        t.LastSeenTicks = (long)Get64(row, ref p);
        t.UplinkPackets = (long)Get64(row, ref p);
        t.UplinkBytes = (long)Get64(row, ref p);
        t.DownlinkPackets = (long)Get64(row, ref p);
        t.DownlinkBytes = (long)Get64(row, ref p);
        t.CreatedTicks = (long)Get64(row, ref p);
        t.Imsi = Get64(row, ref p);
        if (t.UplinkPackets < 0 || t.UplinkBytes < 0 || t.DownlinkPackets < 0 || t.DownlinkBytes < 0)
            return Fail("negative usage counter", out error);
        int apnLength = Get16(row, ref p);
        if (apnLength > MaxApnOctets)
            return Fail($"APN of {apnLength} octets (at most {MaxApnOctets})", out error);
        if (row.Length < p + apnLength + 1)
            return Fail("row ends inside the APN", out error);
        string? apn = null;
        if (apnLength > 0)
        {
            try
            {
                apn = new UTF8Encoding(false, true).GetString(row.Slice(p, apnLength));
            }
            catch (DecoderFallbackException)
            {
                return Fail("APN is not UTF-8", out error);
            }
        }
        p += apnLength;
        OpenRecordState? open = null;
        switch (row[p++])
        {
            case 0:
                break;
            case OpenRecord or OpenRecordWithSubscriber when row.Length >= p + OpenLength:
                var withSubscriber = row[p - 1] == OpenRecordWithSubscriber;
                open = new OpenRecordState((long)Get64(row, ref p), (long)Get64(row, ref p), (long)Get64(row, ref p), (int)Get32(row, ref p));
                if (withSubscriber)
                {
                    if (!SubscriberStateCodec.TryRead(row, ref p, out var subscriber, out error))
                        return false;
                    open = open.Value with { Subscriber = subscriber };
                }
                if (open.Value.Partial < 0 || open.Value.UplinkOctetsAtOpening > t.UplinkBytes || open.Value.DownlinkOctetsAtOpening > t.DownlinkBytes
                    || open.Value.UplinkOctetsAtOpening < 0 || open.Value.DownlinkOctetsAtOpening < 0)
                    return Fail("open record base beyond the tunnel's usage", out error);
                if (t.Kind != TunnelKind.Context)
                    return Fail("open record on a forwarding tunnel", out error);
                break;
            case OpenRecord or OpenRecordWithSubscriber:
                return Fail("row ends inside the open record", out error);
            default:
                return Fail($"open-record marker {row[p - 1]}", out error);
        }
        if (p != row.Length)
            return Fail($"{row.Length - p} trailing octets", out error);
        record = new TunnelStateRecord(slot, t, servingControl, servingUser, anchorControl, anchorUser, apn, open);
        error = null;
        return true;
    }

    private static bool Fail(string message, out string? error)
    {
        error = message;
        return false;
    }

    private static IpAddress128 GetAddress(ReadOnlySpan<byte> s, ref int p) => new(Get64(s, ref p), Get64(s, ref p));

    private static void Put16(Span<byte> s, ref int p, ushort v)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(s[p..], v);
        p += 2;
    }

    private static void Put32(Span<byte> s, ref int p, uint v)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(s[p..], v);
        p += 4;
    }

    private static void Put64(Span<byte> s, ref int p, ulong v)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(s[p..], v);
        p += 8;
    }

    private static ushort Get16(ReadOnlySpan<byte> s, ref int p)
    {
        var v = BinaryPrimitives.ReadUInt16LittleEndian(s[p..]);
        p += 2;
        return v;
    }

    private static uint Get32(ReadOnlySpan<byte> s, ref int p)
    {
        var v = BinaryPrimitives.ReadUInt32LittleEndian(s[p..]);
        p += 4;
        return v;
    }

    private static ulong Get64(ReadOnlySpan<byte> s, ref int p)
    {
        var v = BinaryPrimitives.ReadUInt64LittleEndian(s[p..]);
        p += 8;
        return v;
    }
}
