namespace Charging.Cdr;

/// <summary>ChangeOfCharCondition (docs/cdr-formats.md §2.4), the fields a volume container needs.</summary>
public sealed record TrafficVolume(long? Uplink, long? Downlink, ChangeCondition ChangeCondition, DateTimeOffset ChangeTime)
{
    /// <summary>userLocationInformation [8]: the ULI the container's traffic was carried at (SGW/PGW-CDR form, §2.6).</summary>
    public byte[]? UserLocationInformation { get; init; }
    /// <summary>ePCQoSInformation [9]: set in the first container and in each one a QoS change opened (§5.1.2.2.25).</summary>
    public EpcQosInformation? Qos { get; init; }
    /// <summary>rATType [15] of the container after a RAT change.</summary>
    public byte? RatType { get; init; }
}
