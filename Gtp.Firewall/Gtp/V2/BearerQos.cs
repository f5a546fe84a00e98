namespace Gtp.Firewall.Gtp.V2;

/// <summary>
/// Bearer QoS IE value (TS 29.274 §8.15): the ARP octet (PCI, priority level, PVI), QCI, then maximum and guaranteed
/// bit rates uplink/downlink as 5-octet kbit/s values. What an ePCQoSInformation (TS 32.298 §5.1.2.2.23A) is made of.
/// </summary>
public readonly record struct BearerQos(byte Arp, byte Qci, ulong MaxUplinkKbps, ulong MaxDownlinkKbps, ulong GuaranteedUplinkKbps, ulong GuaranteedDownlinkKbps)
{
    private const int Length = 22;

    /// <summary>Priority level, bits 6-3 of the ARP octet.</summary>
    public int PriorityLevel => (Arp >> 2) & 0x0F;

    public static bool TryParse(ReadOnlySpan<byte> value, out BearerQos qos)
    {
        qos = default;
        if (value.Length < Length)
            return false;
        qos = new BearerQos(value[0], value[1], Rate(value[2..]), Rate(value[7..]), Rate(value[12..]), Rate(value[17..]));
        return true;
    }

    /// <summary>kbit/s of the IE to the bit/s of the CDR's bandwidth fields (TS 29.212 Max-Requested-Bandwidth-UL/DL).</summary>
    public static long BitsPerSecond(ulong kbps) => kbps > long.MaxValue / 1000 ? long.MaxValue : (long)kbps * 1000;

    private static ulong Rate(ReadOnlySpan<byte> five)
        => ((ulong)five[0] << 32) | ((ulong)five[1] << 24) | ((ulong)five[2] << 16) | ((ulong)five[3] << 8) | five[4];
}
