using Charging.Cdr;
using Gtp.Firewall.Charging;
using Gtp.Firewall.Gtp;
using Gtp.Firewall.Packets;
using System.Buffers.Binary;
using System.Text;

namespace Gtp.Firewall.State;

/// <summary>
/// The byte layout of a <see cref="SubscriberState"/> inside a tunnel row (docs/firewall-design.md, "Tunnel state"):
/// the current fields as tag-length-value entries ended by tag 0, the record's and open container's fields (each
/// absent, the same as the current ones, or inline), the open container's base and the closed containers.
/// Little-endian numbers as the rest of the row. Decoding returns a precise error, never throws.
/// </summary>
public static class SubscriberStateCodec
{
    private const byte End = 0;
    private const byte TagMsisdn = 1;
    private const byte TagImeisv = 2;
    private const byte TagRatType = 3;
    private const byte TagUserLocation = 4;
    private const byte TagTimeZone = 5;
    private const byte TagPlmn = 6;
    private const byte TagChargingCharacteristics = 7;
    private const byte TagSelectionMode = 8;
    private const byte TagDynamicAddress = 9;
    private const byte TagQos = 10;
    private const byte TagApnAmbr = 11;
    private const byte TagOnS11 = 12;
    private const byte TagPgwControl = 13;
    private const byte TagPgwControlIpv6 = 14;
    private const byte TagServingControlIpv6 = 15;
    private const byte TagAnchorControlIpv6 = 16;

    private const byte Absent = 0;
    private const byte SameAsCurrent = 1;
    private const byte Inline = 2;
    private const int MaxContainers = 255;

    public static void Write(List<byte> w, SubscriberState state)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(state);
        WriteFields(w, state.Current);
        WriteReference(w, state.OpenedWith, state.Current);
        WriteReference(w, state.ContainerFields, state.Current);
        Put64(w, state.ContainerOpenedTicks);
        Put64(w, state.ContainerUplinkAtOpening);
        Put64(w, state.ContainerDownlinkAtOpening);
        var count = Math.Min(state.Containers.Count, MaxContainers);
        w.Add((byte)count);
        for (var i = 0; i < count; i++)
        {
            var c = state.Containers[i];
            Put64(w, c.UplinkOctets);
            Put64(w, c.DownlinkOctets);
            w.Add((byte)c.Condition);
            Put64(w, c.OpenedTicks);
            Put64(w, c.ChangeTicks);
            WriteReference(w, c.Fields, state.Current);
        }
    }

    /// <summary>Reads a state at <paramref name="p"/>, advancing it; false with <paramref name="error"/> naming the problem.</summary>
    public static bool TryRead(ReadOnlySpan<byte> row, ref int p, out SubscriberState? state, out string? error)
    {
        state = null;
        if (!TryReadFields(row, ref p, out var current, out error)
            || !TryReadReference(row, ref p, current!, out var openedWith, out error)
            || !TryReadReference(row, ref p, current!, out var containerFields, out error))
            return false;
        if (row.Length < p + 25)
            return Fail("row ends inside the subscriber container base", out error);
        var openedTicks = Get64(row, ref p);
        var uplink = Get64(row, ref p);
        var downlink = Get64(row, ref p);
        int count = row[p++];
        var containers = new UsageContainer[count];
        for (var i = 0; i < count; i++)
        {
            if (row.Length < p + 33)
                return Fail("row ends inside a traffic volume container", out error);
            var ul = Get64(row, ref p);
            var dl = Get64(row, ref p);
            var condition = (ChangeCondition)row[p++];
            var opened = Get64(row, ref p);
            var change = Get64(row, ref p);
            if (!TryReadReference(row, ref p, current!, out var fields, out error))
                return false;
            if (ul < 0 || dl < 0)
                return Fail("negative container volume", out error);
            containers[i] = new UsageContainer(ul, dl, condition, opened, change, fields);
        }
        if (uplink < 0 || downlink < 0)
            return Fail("negative container base", out error);
        state = new SubscriberState(current!, openedWith, containerFields, openedTicks, uplink, downlink, containers);
        error = null;
        return true;
    }

    private static void WriteReference(List<byte> w, SubscriberFields? fields, SubscriberFields current)
    {
        if (fields is null)
            w.Add(Absent);
        else if (fields == current)
            w.Add(SameAsCurrent);
        else
        {
            w.Add(Inline);
            WriteFields(w, fields);
        }
    }

    private static bool TryReadReference(ReadOnlySpan<byte> row, ref int p, SubscriberFields current, out SubscriberFields? fields, out string? error)
    {
        fields = null;
        error = null;
        if (p >= row.Length)
            return Fail("row ends before a subscriber fields reference", out error);
        switch (row[p++])
        {
            case Absent:
                return true;
            case SameAsCurrent:
                fields = current;
                return true;
            case Inline:
                return TryReadFields(row, ref p, out fields, out error);
            default:
                return Fail($"subscriber fields reference {row[p - 1]}", out error);
        }
    }

    private static void WriteFields(List<byte> w, SubscriberFields f)
    {
        if (f.Msisdn is { } msisdn)
            Entry(w, TagMsisdn, Encoding.ASCII.GetBytes(msisdn));
        if (f.Imeisv is { } imeisv)
            Entry(w, TagImeisv, Encoding.ASCII.GetBytes(imeisv));
        if (f.RatType is { } rat)
            Entry(w, TagRatType, [rat]);
        Entry(w, TagUserLocation, f.UserLocation);
        Entry(w, TagTimeZone, f.MsTimeZone);
        Entry(w, TagPlmn, f.ServingPlmn);
        Entry(w, TagChargingCharacteristics, f.ChargingCharacteristics);
        if (f.SelectionMode is { } mode)
            Entry(w, TagSelectionMode, [mode]);
        if (f.DynamicAddress is { } dynamic)
            Entry(w, TagDynamicAddress, [dynamic ? (byte)1 : (byte)0]);
        Entry(w, TagQos, f.Qos);
        if (f.ApnAmbr is { } ambr)
        {
            var v = new byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(v, ambr.Uplink);
            BinaryPrimitives.WriteUInt32LittleEndian(v.AsSpan(4), ambr.Downlink);
            Entry(w, TagApnAmbr, v);
        }
        if (f.OnS11)
            Entry(w, TagOnS11, [1]);
        Address(w, TagPgwControl, f.PgwControl);
        Address(w, TagPgwControlIpv6, f.PgwControlIpv6);
        Address(w, TagServingControlIpv6, f.ServingControlIpv6);
        Address(w, TagAnchorControlIpv6, f.AnchorControlIpv6);
        w.Add(End);
    }

    private static bool TryReadFields(ReadOnlySpan<byte> row, ref int p, out SubscriberFields? fields, out string? error)
    {
        fields = null;
        var f = new SubscriberFields();
        while (true)
        {
            if (p >= row.Length)
                return Fail("row ends inside the subscriber fields", out error);
            var tag = row[p++];
            if (tag == End)
                break;
            if (p >= row.Length || row.Length < p + 1 + row[p])
                return Fail($"row ends inside subscriber field {tag}", out error);
            var v = row.Slice(p + 1, row[p]);
            p += 1 + v.Length;
            switch (tag)
            {
                case TagMsisdn when v.Length > 0 && IsDigits(v):
                    f = f with { Msisdn = Encoding.ASCII.GetString(v) };
                    break;
                case TagImeisv when v.Length > 0 && IsDigits(v):
                    f = f with { Imeisv = Encoding.ASCII.GetString(v) };
                    break;
                case TagRatType when v.Length == 1:
                    f = f with { RatType = v[0] };
                    break;
                case TagUserLocation when v.Length > 0:
                    f = f with { UserLocation = v.ToArray() };
                    break;
                case TagTimeZone when v.Length == 2:
                    f = f with { MsTimeZone = v.ToArray() };
                    break;
                case TagPlmn when v.Length == 3:
                    f = f with { ServingPlmn = v.ToArray() };
                    break;
                case TagChargingCharacteristics when v.Length == 2:
                    f = f with { ChargingCharacteristics = v.ToArray() };
                    break;
                case TagSelectionMode when v.Length == 1 && v[0] <= 3:
                    f = f with { SelectionMode = v[0] };
                    break;
                case TagDynamicAddress when v.Length == 1 && v[0] <= 1:
                    f = f with { DynamicAddress = v[0] == 1 };
                    break;
                case TagQos when v.Length > 0:
                    f = f with { Qos = v.ToArray() };
                    break;
                case TagApnAmbr when v.Length == 8:
                    f = f with { ApnAmbr = (BinaryPrimitives.ReadUInt32LittleEndian(v), BinaryPrimitives.ReadUInt32LittleEndian(v[4..])) };
                    break;
                case TagOnS11 when v.Length == 1 && v[0] == 1:
                    f = f with { OnS11 = true };
                    break;
                case TagPgwControl when v.Length == 16:
                    f = f with { PgwControl = IpAddress128.ReadIPv6(v) };
                    break;
                case TagPgwControlIpv6 when v.Length == 16:
                    f = f with { PgwControlIpv6 = IpAddress128.ReadIPv6(v) };
                    break;
                case TagServingControlIpv6 when v.Length == 16:
                    f = f with { ServingControlIpv6 = IpAddress128.ReadIPv6(v) };
                    break;
                case TagAnchorControlIpv6 when v.Length == 16:
                    f = f with { AnchorControlIpv6 = IpAddress128.ReadIPv6(v) };
                    break;
                default:
                    return Fail($"subscriber field {tag} of {v.Length} octets", out error);
            }
        }
        fields = f;
        error = null;
        return true;
    }

    private static bool IsDigits(ReadOnlySpan<byte> v)
    {
        foreach (var b in v)
        {
            if (b is < (byte)'0' or > (byte)'9')
                return false;
        }
        return true;
    }

    private static void Entry(List<byte> w, byte tag, ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
            return;
        w.Add(tag);
        w.Add((byte)Math.Min(value.Length, 255));
        w.AddRange(value[..Math.Min(value.Length, 255)]);
    }

    private static void Entry(List<byte> w, byte tag, byte[]? value)
    {
        if (value is not null)
            Entry(w, tag, value.AsSpan());
    }

    // Stored as the 16 octets of IpAddress128 (IPv4 as IPv4-mapped), big-endian as IpAddress128.ReadIPv6 reads them.
    private static void Address(List<byte> w, byte tag, IpAddress128 address)
    {
        if (address.IsNone)
            return;
        Span<byte> v = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(v, address.Hi);
        BinaryPrimitives.WriteUInt64BigEndian(v[8..], address.Lo);
        Entry(w, tag, v);
    }

    private static void Put64(List<byte> w, long value)
    {
        Span<byte> v = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(v, value);
        w.AddRange(v);
    }

    private static long Get64(ReadOnlySpan<byte> s, ref int p)
    {
        var v = BinaryPrimitives.ReadInt64LittleEndian(s[p..]);
        p += 8;
        return v;
    }

    private static bool Fail(string message, out string? error)
    {
        error = message;
        return false;
    }
}
