namespace Cgf.Server.Configuration;

/// <summary>Section <c>Cgf:Retention</c>: how long stored data is kept (docs/cgf-design.md "Retention").</summary>
public sealed class RetentionOptions
{
    /// <summary>
    /// Exported CDRs (with their lookup entries) and quarantined records older than this leave the database;
    /// zero keeps everything. A CDR not yet exported is kept whatever its age.
    /// </summary>
    public TimeSpan Cdrs { get; set; } = TimeSpan.FromDays(7);
}
