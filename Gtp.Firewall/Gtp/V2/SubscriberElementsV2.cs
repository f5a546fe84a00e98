using Charging.Cdr;
using Gtp.Firewall.Packets;
using System.Buffers.Binary;

namespace Gtp.Firewall.Gtp.V2;

/// <summary>
/// Reads the subscriber fields of a GTPv2 message (Create Session, Modify Bearer, Update Bearer; TS 29.274 §7.2):
/// top-level IEs, the sender and PGW control F-TEIDs, and the Bearer QoS of one bearer context. Control plane only,
/// and only when charging asks for it. A malformed IE gives <see cref="DropReason.IeMalformed"/>, never an exception.
/// </summary>
public static class SubscriberElementsV2
{
    private const int BearerQosLength = 22; // §8.15: flags, QCI, 4 x 5-octet bit rates.
    private const int MaxCopiedIe = 255;

    /// <param name="ebi">The bearer whose Bearer QoS is taken; 0 = the first bearer context that has one.</param>
    public static DropReason Read(ReadOnlySpan<byte> ies, byte ebi, out SubscriberFields fields)
    {
        fields = SubscriberFields.Empty;
        var f = new SubscriberFields();
        var reader = new GtpV2IeReader(ies);
        var senderSeen = false;
        while (reader.MoveNext())
        {
            var v = reader.Value;
            switch (reader.Type)
            {
                case SubscriberIeType.Msisdn when f.Msisdn is null:
                    if (v.Length is 0 or > 10)
                        return DropReason.IeMalformed;
                    f = f with { Msisdn = Tbcd.Decode(v) };
                    break;
                case SubscriberIeType.Mei when f.Imeisv is null:
                    if (v.Length is 0 or > 8)
                        return DropReason.IeMalformed;
                    f = f with { Imeisv = Tbcd.Decode(v) };
                    break;
                case SubscriberIeType.RatType when f.RatType is null:
                    if (v.Length < 1)
                        return DropReason.IeMalformed;
                    f = f with { RatType = v[0] };
                    break;
                case SubscriberIeType.UserLocationInformation when f.UserLocation is null:
                    if (v.Length is 0 or > MaxCopiedIe)
                        return DropReason.IeMalformed;
                    f = f with { UserLocation = v.ToArray() };
                    break;
                case SubscriberIeType.UeTimeZone when f.MsTimeZone is null:
                    if (v.Length < 2)
                        return DropReason.IeMalformed;
                    f = f with { MsTimeZone = v[..2].ToArray() };
                    break;
                case SubscriberIeType.ServingNetwork when f.ServingPlmn is null:
                    if (v.Length < 3)
                        return DropReason.IeMalformed;
                    f = f with { ServingPlmn = v[..3].ToArray() };
                    break;
                case SubscriberIeType.ChargingCharacteristics when f.ChargingCharacteristics is null:
                    if (v.Length < 2)
                        return DropReason.IeMalformed;
                    f = f with { ChargingCharacteristics = v[..2].ToArray() };
                    break;
                case SubscriberIeType.SelectionMode when f.SelectionMode is null:
                    if (v.Length < 1)
                        return DropReason.IeMalformed;
                    f = f with { SelectionMode = (byte)(v[0] & 0x03) };
                    break;
                case SubscriberIeType.ApnAmbr when f.ApnAmbr is null:
                    if (v.Length < 8)
                        return DropReason.IeMalformed;
                    f = f with { ApnAmbr = (BinaryPrimitives.ReadUInt32BigEndian(v), BinaryPrimitives.ReadUInt32BigEndian(v[4..])) };
                    break;
                case GtpV2IeType.Paa when f.DynamicAddress is null:
                    if (!TryReadDynamic(v, out var dynamic))
                        return DropReason.IeMalformed;
                    f = f with { DynamicAddress = dynamic };
                    break;
                case GtpV2IeType.FTeid when reader.Instance == 0 && !senderSeen:
                    if (!TryReadFTeid(v, out var type, out _, out var v6))
                        return DropReason.IeMalformed;
                    senderSeen = true;
                    f = f with { OnS11 = type == SubscriberIeType.S11MmeGtpC, ServingControlIpv6 = v6 };
                    break;
                case GtpV2IeType.FTeid when reader.Instance == 1 && f.PgwControl.IsNone && f.PgwControlIpv6.IsNone:
                    // Create Session Request on S11: "PGW S5/S8 Address for Control Plane" (§7.2.1 Table 7.2.1-1).
                    if (!TryReadFTeid(v, out var pgwType, out var pgw4, out var pgw6))
                        return DropReason.IeMalformed;
                    if (pgwType == SubscriberIeType.S5S8PgwGtpC)
                        f = f with { PgwControl = pgw4.IsNone ? pgw6 : pgw4, PgwControlIpv6 = pgw6 };
                    break;
                case GtpV2IeType.BearerContext when reader.Instance == 0 && f.Qos is null:
                    var status = ReadBearerQos(v, ebi, out var qos);
                    if (status != DropReason.None)
                        return status;
                    if (qos is not null)
                        f = f with { Qos = qos };
                    break;
            }
        }
        if (reader.Status != DropReason.None)
            return reader.Status;
        fields = f;
        return DropReason.None;
    }

    /// <summary>F-TEID (§8.22): flags V4 0x80 / V6 0x40 and interface type, TEID, IPv4 then IPv6 when both.</summary>
    public static bool TryReadFTeid(ReadOnlySpan<byte> v, out byte interfaceType, out IpAddress128 ipv4, out IpAddress128 ipv6)
    {
        interfaceType = 0;
        ipv4 = default;
        ipv6 = default;
        if (v.Length < 5)
            return false;
        var has4 = (v[0] & 0x80) != 0;
        var has6 = (v[0] & 0x40) != 0;
        if ((!has4 && !has6) || v.Length < 5 + (has4 ? 4 : 0) + (has6 ? 16 : 0))
            return false;
        interfaceType = (byte)(v[0] & 0x3F);
        if (has4)
            ipv4 = IpAddress128.ReadIPv4(v[5..]);
        if (has6)
            ipv6 = IpAddress128.ReadIPv6(v[(has4 ? 9 : 5)..]);
        return true;
    }

    // PAA (§8.14): an address of zeros in a request asks the PGW for one (TS 29.274 §8.14 NOTE, TS 32.298 §5.1.2.2.11).
    private static bool TryReadDynamic(ReadOnlySpan<byte> v, out bool dynamic)
    {
        dynamic = false;
        if (v.Length < 1)
            return false;
        var address = (v[0] & 0x07) switch
        {
            1 when v.Length >= 5 => v.Slice(1, 4),
            2 when v.Length >= 18 => v.Slice(2, 16),
            3 when v.Length >= 22 => v.Slice(2, 20),
            1 or 2 or 3 => default,
            _ => v[1..],
        };
        if (address.IsEmpty && (v[0] & 0x07) is 1 or 2 or 3)
            return false;
        dynamic = !address.ContainsAnyExcept((byte)0);
        return true;
    }

    private static DropReason ReadBearerQos(ReadOnlySpan<byte> bearer, byte ebi, out byte[]? qos)
    {
        qos = null;
        var reader = new GtpV2IeReader(bearer);
        var bearerEbi = -1;
        ReadOnlySpan<byte> found = default;
        while (reader.MoveNext())
        {
            if (reader.Type == GtpV2IeType.Ebi && bearerEbi < 0 && reader.Value.Length >= 1)
                bearerEbi = reader.Value[0] & 0x0F;
            else if (reader.Type == SubscriberIeType.BearerQos && found.IsEmpty)
            {
                if (reader.Value.Length < BearerQosLength)
                    return DropReason.IeMalformed;
                found = reader.Value[..BearerQosLength];
            }
        }
        if (reader.Status != DropReason.None)
            return reader.Status;
        if (!found.IsEmpty && (ebi == 0 || bearerEbi == ebi))
            qos = found.ToArray();
        return DropReason.None;
    }
}
