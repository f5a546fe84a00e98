namespace Gtp.Firewall.Gtp.V2;

/// <summary>GTPv2 IE types used by the firewall (TS 29.274 §8.1 Table 8.1-1).</summary>
public static class GtpV2IeType
{
    public const byte Imsi = 1;
    public const byte Cause = 2;
    public const byte Recovery = 3;
    public const byte Apn = 71;
    public const byte IpAddress = 74;
    public const byte Ebi = 73;
    public const byte Paa = 79;
    public const byte FTeid = 87;
    public const byte BearerContext = 93;
    /// <summary>TS 29.274 §8.29, 4 octets; in the bearer contexts of Create Session / Create Bearer.</summary>
    public const byte ChargingId = 94;
    public const byte PdnConnection = 109;
    /// <summary>TS 29.274 §8.62 FQ-CSID: node-ID type and CSID count, node ID, 2-octet CSIDs.</summary>
    public const byte FqCsid = 132;

    /// <summary>Acceptance causes 16-63 (TS 29.274 §8.4 Table 8.4-1).</summary>
    public static bool IsAccepted(int cause) => cause is >= 16 and <= 63;
}
