namespace Storage.Cgf;

/// <summary>Where a stored CDR is in its life (column <c>cdrs.status</c>).</summary>
public enum CdrStatus : byte
{
    /// <summary>Received with Send possibly duplicated; held, not released to billing.</summary>
    Pending = 0,
    /// <summary>Committed: billing may take it.</summary>
    Committed = 1,
    /// <summary>Written to a CDR file for billing.</summary>
    Exported = 2,
    /// <summary>
    /// Committed, but stored with a Data Record Format no TS 32.297 CDR header code stands for (a database written
    /// before the CGF refused such formats at ingest): set aside by the exporter, never exported, kept for the operator.
    /// </summary>
    Withheld = 3,
}
