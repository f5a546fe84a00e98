namespace Gtp.Firewall.Gtp.V2;

/// <summary>GTPv2 IE types the charging side reads for the subscriber fields (TS 29.274 §8.1 Table 8.1-1).</summary>
public static class SubscriberIeType
{
    public const byte ApnAmbr = 72;
    public const byte Mei = 75;
    public const byte Msisdn = 76;
    public const byte BearerQos = 80;
    public const byte RatType = 82;
    public const byte ServingNetwork = 83;
    public const byte UserLocationInformation = 86;
    public const byte ChargingCharacteristics = 95;
    public const byte UeTimeZone = 114;
    public const byte SelectionMode = 128;

    /// <summary>F-TEID interface types (TS 29.274 §8.22 Table 8.22-1).</summary>
    public const byte S5S8SgwGtpC = 6;
    public const byte S5S8PgwGtpC = 7;
    public const byte S11MmeGtpC = 10;
}
