namespace Charging.Cdr;

/// <summary>
/// EPCQoSInformation (TS 32.298 §5.1.2.2.24A, docs/cdr-formats.md §2.4): the bearer QoS a container was used under.
/// Bit rates in bit/s as in the TS 29.212 AVPs (GTPv2 Bearer QoS and APN-AMBR carry kbit/s: the caller converts).
/// </summary>
public sealed record EpcQosInformation
{
    /// <summary>qCI [1], the only mandatory member.</summary>
    public required byte Qci { get; init; }
    public long? MaxRequestedBandwidthUplink { get; init; }
    public long? MaxRequestedBandwidthDownlink { get; init; }
    public long? GuaranteedBitrateUplink { get; init; }
    public long? GuaranteedBitrateDownlink { get; init; }
    /// <summary>aRP [6]: the TS 29.274 §8.15 ARP octet as is (PCI, PL, PVI), which is how Wireshark decodes it.</summary>
    public byte? Arp { get; init; }
    public long? ApnAmbrUplink { get; init; }
    public long? ApnAmbrDownlink { get; init; }
}
