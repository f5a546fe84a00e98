using Charging.Cdr;
using Gtp.Firewall.Gtp;
using Gtp.Firewall.Packets;
using Gtp.Firewall.Tunnels;

namespace Gtp.Firewall.Charging;

/// <summary>
/// One closed usage record as the packet thread hands it to the encoder: a small copy of what the firewall saw
/// (no BER, no I/O on the packet thread). Octets are T-PDU octets of this record's period only.
/// </summary>
public readonly record struct ClosedRecord(
    byte Version,
    ulong Imsi,
    byte Nsapi,
    uint? ChargingId,
    IpAddress128 ServingControl,
    IpAddress128 AnchorControl,
    string? Apn,
    PdpType PdpType,
    IpAddress128 EndUser,
    long OpenedTicks,
    long ClosedTicks,
    long UplinkOctets,
    long DownlinkOctets,
    CauseForRecClosing Cause,
    /// <summary>recordSequenceNumber, from 1 for partial records; 0 = a single complete record (field left out).</summary>
    int RecordSequenceNumber,
    /// <summary>The traffic volume containers in order, the last closed by the record's closure; null = one for the whole record.</summary>
    UsageContainer[]? Containers = null,
    /// <summary>The subscriber fields when the record opened (null = none captured).</summary>
    SubscriberFields? OpenedWith = null,
    /// <summary>The subscriber fields at closing (lastUserLocationInformation...).</summary>
    SubscriberFields? Subscriber = null);
