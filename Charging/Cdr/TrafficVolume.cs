namespace Charging.Cdr;

/// <summary>ChangeOfCharCondition (docs/cdr-formats.md §2.4), the fields a volume container needs.</summary>
public sealed record TrafficVolume(long? Uplink, long? Downlink, ChangeCondition ChangeCondition, DateTimeOffset ChangeTime);
