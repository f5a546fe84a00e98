namespace Gtp.Firewall.Gtp.V1;

/// <summary>GTPv0/v1 IE types used by the firewall (TS 29.060 §7.7, TS 09.60 §7.9).</summary>
public static class GtpV1IeType
{
    public const byte Cause = 1;
    public const byte Imsi = 2;
    public const byte Recovery = 14;
    /// <summary>v1: TEID Data I; v0: Flow Label Data I.</summary>
    public const byte TeidDataI = 16;
    /// <summary>v1: TEID Control Plane; v0: Flow Label Signalling.</summary>
    public const byte TeidControlPlane = 17;
    /// <summary>v1: TEID Data II (NSAPI + TEID); v0: Flow Label Data II (NSAPI + label).</summary>
    public const byte TeidDataII = 18;
    public const byte Nsapi = 20;
    /// <summary>TS 29.060 §7.7.26 (TV, 4 octets), sent by the GGSN in Create/Update PDP Context Response.</summary>
    public const byte ChargingId = 127;
    public const byte EndUserAddress = 128;
    public const byte MmContext = 129;
    public const byte PdpContext = 130;
    public const byte AccessPointName = 131;
    public const byte GsnAddress = 133;
    /// <summary>TS 29.060 §7.7.39 (TLV): NSAPI, TEID Data I, target RNC IP address; Forward Relocation Response.</summary>
    public const byte RabSetupInformation = 146;

    /// <summary>
    /// Value length of a TV IE (type &lt; 128), or -1 when unknown (gtplib priv/ie_gen_v1.erl;
    /// go-gtp gtpv0/ie/ie.go tvLengthMap). GTPv0 differs for the flow-label IEs 16-18.
    /// </summary>
    public static int TvLength(byte type, bool v0) => type switch
    {
        1 => 1,
        2 => 8,
        3 => 6,
        4 => 4,
        5 => 4,
        6 => 3,
        8 => 1,
        9 => 28,
        11 => 1,
        12 => 3,
        13 => 1,
        14 => 1,
        15 => 1,
        16 => v0 ? 2 : 4,
        17 => v0 ? 2 : 4,
        18 => v0 ? 3 : 5,
        19 => 1,
        20 => 1,
        21 => 1,
        22 => 9,
        23 => 1,
        24 => 1,
        25 => 2,
        26 => 2,
        27 => 2,
        28 => 2,
        29 => 1,
        126 => 1,
        127 => 4,
        _ => -1,
    };

    /// <summary>Accepted causes are 128-191 (TS 29.060 §7.7.1; TS 09.60 §7.9.1).</summary>
    public static bool IsAccepted(int cause) => cause is >= 128 and <= 191;
}
