namespace Gtp.Firewall.Gtp.V1;

/// <summary>GTPv0/v1 IE types the charging side reads for the subscriber fields (TS 29.060 §7.7).</summary>
public static class SubscriberIeTypeV1
{
    /// <summary>Routing Area Identity (TV, 6 octets; §7.7.3): the PLMN of the SGSN in its first 3.</summary>
    public const byte RoutingAreaIdentity = 3;
    /// <summary>Selection Mode (TV, 1 octet; §7.7.12).</summary>
    public const byte SelectionMode = 15;
    /// <summary>Charging Characteristics (TV, 2 octets; §7.7.23).</summary>
    public const byte ChargingCharacteristics = 26;
    public const byte Msisdn = 134;
    public const byte QosProfile = 135;
    public const byte RatType = 151;
    public const byte UserLocationInformation = 152;
    public const byte MsTimeZone = 153;
    public const byte Imeisv = 154;
}
