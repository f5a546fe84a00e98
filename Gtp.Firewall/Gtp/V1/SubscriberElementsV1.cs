using Charging.Cdr;

namespace Gtp.Firewall.Gtp.V1;

/// <summary>
/// Reads the subscriber fields of a GTPv0/v1 Create or Update PDP Context Request (TS 29.060 §7.3.1, §7.3.3).
/// Control plane only, and only when charging asks for it; a malformed IE gives <see cref="DropReason.IeMalformed"/>.
/// </summary>
public static class SubscriberElementsV1
{
    private const int MaxCopiedIe = 255;

    public static DropReason Read(ReadOnlySpan<byte> ies, bool v0, out SubscriberFields fields)
    {
        fields = SubscriberFields.Empty;
        var f = new SubscriberFields();
        var reader = new GtpV1IeReader(ies, v0);
        while (reader.MoveNext())
        {
            var v = reader.Value;
            switch (reader.Type)
            {
                case SubscriberIeTypeV1.Msisdn when f.Msisdn is null:
                    // §7.7.33: MAP ISDN-AddressString, its first octet is extension/TON/NPI, then TBCD digits.
                    if (v.Length is < 2 or > 10)
                        return DropReason.IeMalformed;
                    f = f with { Msisdn = Tbcd.Decode(v[1..]) };
                    break;
                case SubscriberIeTypeV1.Imeisv when f.Imeisv is null:
                    if (v.Length is 0 or > 8)
                        return DropReason.IeMalformed;
                    f = f with { Imeisv = Tbcd.Decode(v) };
                    break;
                case SubscriberIeTypeV1.RatType when f.RatType is null:
                    if (v.Length < 1)
                        return DropReason.IeMalformed;
                    f = f with { RatType = v[0] };
                    break;
                case SubscriberIeTypeV1.UserLocationInformation when f.UserLocation is null:
                    if (v.Length is 0 or > MaxCopiedIe)
                        return DropReason.IeMalformed;
                    f = f with { UserLocation = v.ToArray() };
                    break;
                case SubscriberIeTypeV1.MsTimeZone when f.MsTimeZone is null:
                    if (v.Length < 2)
                        return DropReason.IeMalformed;
                    f = f with { MsTimeZone = v[..2].ToArray() };
                    break;
                case SubscriberIeTypeV1.RoutingAreaIdentity when f.ServingPlmn is null:
                    f = f with { ServingPlmn = v[..3].ToArray() };
                    break;
                case SubscriberIeTypeV1.ChargingCharacteristics when f.ChargingCharacteristics is null:
                    f = f with { ChargingCharacteristics = v.ToArray() };
                    break;
                case SubscriberIeTypeV1.SelectionMode when f.SelectionMode is null:
                    f = f with { SelectionMode = (byte)(v[0] & 0x03) };
                    break;
                case SubscriberIeTypeV1.QosProfile when f.Qos is null:
                    if (v.Length is 0 or > MaxCopiedIe)
                        return DropReason.IeMalformed;
                    f = f with { Qos = v.ToArray() };
                    break;
                case GtpV1IeType.EndUserAddress when f.DynamicAddress is null:
                    // §7.7.27: an End User Address without an address (length 2) asks the GGSN for one.
                    if (v.Length < 2)
                        return DropReason.IeMalformed;
                    f = f with { DynamicAddress = !v[2..].ContainsAnyExcept((byte)0) };
                    break;
            }
        }
        if (reader.Status != DropReason.None)
            return reader.Status;
        fields = f;
        return DropReason.None;
    }
}
