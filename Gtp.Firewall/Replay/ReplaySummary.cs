using Gtp.Firewall.Diagnostics;

namespace Gtp.Firewall.Replay;

public sealed record ReplaySummary(long Packets, long NonIp, long Inspected, CountersSnapshot Counters, string? CaptureError);
