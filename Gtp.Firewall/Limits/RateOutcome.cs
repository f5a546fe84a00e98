namespace Gtp.Firewall.Limits;

/// <summary>What one message does to a <see cref="PerSecondWindow"/> (docs/gtp-firewall.md, "Rate limiting").</summary>
[Flags]
public enum RateOutcome : byte
{
    /// <summary>Under both thresholds.</summary>
    Pass = 0,
    /// <summary>Over the alarm threshold in this second.</summary>
    OverAlarm = 1,
    /// <summary>The first message over the alarm threshold in this second: log the alarm line.</summary>
    LogAlarm = 2,
    /// <summary>Over the drop threshold in this second: drop the message.</summary>
    Drop = 4,
    /// <summary>The first drop in this second: log the drop line (with the drops suppressed since the last one).</summary>
    LogDrop = 8,
}
