namespace Gtp.Firewall.Inspection;

/// <summary>One packet of a batch: where its IP header starts in the batch buffer, its length and its time.</summary>
public readonly record struct PacketRef(int Offset, int Length, long TimestampTicks);
