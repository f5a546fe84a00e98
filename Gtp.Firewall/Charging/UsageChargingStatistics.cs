using Charging.Cdr;

namespace Gtp.Firewall.Charging;

/// <summary>Counts since start: records closed (by cause), in the outbox, acknowledged by a CGF, merged and lost.</summary>
public sealed record UsageChargingStatistics(
    long RecordsClosed,
    long RecordsInOutbox,
    /// <summary>Partial closures skipped because the queue was full (their octets went into the next record).</summary>
    long PartialsMerged,
    /// <summary>Final records dropped because queue and spill list were both full.</summary>
    long RecordsLost,
    uint LastLocalSequenceNumber,
    long AcknowledgedByCgf,
    IReadOnlyDictionary<CauseForRecClosing, long> ClosedByCause)
{
    /// <summary>One line for front ends, e.g. "charging: 3 records (normalRelease 2, volumeLimit 1), 3 in outbox, 3 acknowledged, 0 lost".</summary>
    public string Summary()
    {
        var causes = string.Join(", ", ClosedByCause.Where(c => c.Value > 0).Select(c => $"{CauseName(c.Key)} {c.Value}"));
        return $"charging: {RecordsClosed} records ({(causes.Length == 0 ? "none" : causes)}), {RecordsInOutbox} in outbox, "
            + $"{AcknowledgedByCgf} acknowledged, {PartialsMerged} partials merged, {RecordsLost} lost, last localSequenceNumber {LastLocalSequenceNumber}";
    }

    public static string CauseName(CauseForRecClosing cause) => cause switch
    {
        CauseForRecClosing.NormalRelease => "normalRelease",
        CauseForRecClosing.PartialRecord => "partialRecord",
        CauseForRecClosing.AbnormalRelease => "abnormalRelease",
        CauseForRecClosing.VolumeLimit => "volumeLimit",
        CauseForRecClosing.TimeLimit => "timeLimit",
        CauseForRecClosing.ServingNodeChange => "servingNodeChange",
        CauseForRecClosing.ManagementIntervention => "managementIntervention",
        _ => cause.ToString(),
    };
}
