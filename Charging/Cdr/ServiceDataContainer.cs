namespace Charging.Cdr;

/// <summary>
/// ChangeOfServiceCondition (TS 32.298 §5.1.2.2.46, docs/cdr-formats.md §2.2): one service data container of a
/// PGW-CDR's listOfServiceData [34], the volumes of one rating group over one period.
/// </summary>
public sealed record ServiceDataContainer
{
    /// <summary>ratingGroup [1] (mandatory).</summary>
    public required uint RatingGroup { get; init; }
    /// <summary>localSequenceNumber [4]: numbers the containers of one record.</summary>
    public uint? LocalSequenceNumber { get; init; }
    public DateTimeOffset? TimeOfFirstUsage { get; init; }
    public DateTimeOffset? TimeOfLastUsage { get; init; }
    /// <summary>timeUsage [7], whole seconds between first and last usage.</summary>
    public long? TimeUsage { get; init; }
    /// <summary>serviceConditionChange [8] (mandatory): why the container was closed.</summary>
    public required IReadOnlyList<ServiceConditionChange> Conditions { get; init; }
    /// <summary>qoSInformationNeg [9].</summary>
    public EpcQosInformation? Qos { get; init; }
    /// <summary>datavolumeFBCUplink [12].</summary>
    public long? Uplink { get; init; }
    /// <summary>datavolumeFBCDownlink [13].</summary>
    public long? Downlink { get; init; }
    /// <summary>timeOfReport [14] (mandatory).</summary>
    public required DateTimeOffset TimeOfReport { get; init; }
    /// <summary>userLocationInformation [20].</summary>
    public byte[]? UserLocationInformation { get; init; }
    /// <summary>rATType [30].</summary>
    public byte? RatType { get; init; }
}
