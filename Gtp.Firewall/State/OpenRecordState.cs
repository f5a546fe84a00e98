namespace Gtp.Firewall.State;

/// <summary>
/// Where a context's open usage record started: its opening time, the tunnel's usage counters at that moment and the
/// partial records closed before it. The record's octets are always "usage now - usage at opening" (docs/firewall-design.md).
/// </summary>
/// <param name="Subscriber">The context's subscriber fields and the record's containers so far; null when none were captured.</param>
public readonly record struct OpenRecordState(long OpenedTicks, long UplinkOctetsAtOpening, long DownlinkOctetsAtOpening, int Partial, SubscriberState? Subscriber = null);
