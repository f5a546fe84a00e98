using Charging.Cdr;
using Gtp.Firewall.Gtp;

namespace Gtp.Firewall.Charging;

/// <summary>
/// One closed traffic volume container of a record (TS 32.298 §5.1.2.2.25): the octets between two changes, the
/// change that closed it, and the subscriber fields it was opened with (its QoS, RAT and location).
/// </summary>
public readonly record struct UsageContainer(
    long UplinkOctets,
    long DownlinkOctets,
    ChangeCondition Condition,
    long OpenedTicks,
    long ChangeTicks,
    SubscriberFields? Fields);
