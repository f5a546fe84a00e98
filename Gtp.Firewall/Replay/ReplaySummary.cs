using Gtp.Firewall.Diagnostics;

namespace Gtp.Firewall.Replay;

/// <summary>What a replay read; <see cref="CaptureError"/> is where and why the capture stopped early ("offset N: …"), or null.</summary>
public sealed record ReplaySummary(long Packets, long NonIp, long Inspected, CountersSnapshot Counters, string? CaptureError);
