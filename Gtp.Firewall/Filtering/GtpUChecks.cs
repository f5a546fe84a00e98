namespace Gtp.Firewall.Filtering;

/// <summary>The per-profile GTP-U and sequence checks (Junos profile statements, docs/gtp-firewall.md §8).</summary>
[Flags]
public enum GtpUChecks : byte
{
    None = 0,
    /// <summary><c>seq-number-validated</c>: G-PDU sequence numbers (S = 1) and GTP-C request numbers.</summary>
    SequenceNumbers = 1,
    /// <summary><c>gtp-in-gtp-denied</c>: a G-PDU carrying a GTP packet is dropped.</summary>
    GtpInGtpDenied = 2,
    /// <summary><c>end-user-address-validated</c>: the inner address must be the one the context was given.</summary>
    EndUserAddress = 4,
}
