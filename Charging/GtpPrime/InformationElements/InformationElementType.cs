namespace Charging.GtpPrime.InformationElements;

/// <summary>
/// GTP' IE types (TS 32.295 §6.2.4; docs/gtp-prime.md §3). Bit 8 = 0: TV with a fixed value length;
/// bit 8 = 1: TLV with a 2-octet length that counts only the value octets.
/// </summary>
internal enum InformationElementType : byte
{
    Cause = 1,
    Recovery = 14,
    PacketTransferCommand = 126,
    ChargingId = 127,
    // 128: first TLV type.
    SequenceNumbersOfReleasedPackets = 249,
    SequenceNumbersOfCancelledPackets = 250,
    ChargingGatewayAddress = 251,
    DataRecordPacket = 252,
    RequestsResponded = 253,
    AddressOfRecommendedNode = 254,
    PrivateExtension = 255,
}

internal static class InformationElementFormat
{
    /// <summary>Types with bit 8 set are TLV (docs/gtp-prime.md §3, [CS]).</summary>
    public const byte FirstTlvType = 0x80;

    /// <summary>Octets before a TLV value: type (1) + length (2).</summary>
    public const int TlvHeaderLength = 3;

    /// <summary>Fixed value length of a known TV type, or -1 when the type is unknown.</summary>
    public static int TvValueLength(byte type) => (InformationElementType)type switch
    {
        InformationElementType.Cause => 1,
        InformationElementType.Recovery => 1,
        InformationElementType.PacketTransferCommand => 1,
        InformationElementType.ChargingId => 4,
        _ => -1,
    };
}
