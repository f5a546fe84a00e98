namespace Gtp.Firewall.State;

/// <summary>
/// Where a context's open usage record started: its opening time, the tunnel's usage counters at that moment and the
/// partial records closed before it. The record's octets are always "usage now - usage at opening" (docs/firewall-design.md).
/// </summary>
public readonly record struct OpenRecordState(long OpenedTicks, long UplinkOctetsAtOpening, long DownlinkOctetsAtOpening, int Partial);
