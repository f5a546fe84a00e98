namespace Cgf.Server.Configuration;

/// <summary>Section <c>Cgf:Export</c>: TS 32.297 CDR files for billing.</summary>
public sealed class ExportOptions
{
    /// <summary>Where closed CDR files go. Unset: the server does not export (use <c>Cgf.Server export</c>).</summary>
    public string? Directory { get; set; }
    /// <summary>A file is closed at this many CDRs (closure trigger 3).</summary>
    public int MaxCdrs { get; set; } = 100_000;
    /// <summary>A file is closed before it would exceed this many octets (closure trigger 1).</summary>
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;
    /// <summary>A file is closed when its oldest CDR has waited this long (closure trigger 2).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Export directory unwritable for this long: Redirection Request cause 62 to active peers.</summary>
    public TimeSpan DownstreamLossAfter { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>How often the export service looks for CDRs to export.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>
    /// On a PostgreSQL pool: how long the exporting CGF may go without renewing the pool's export lease before another
    /// CGF takes export over (docs/cgf-pool.md "One exporter").
    /// </summary>
    public TimeSpan TakeoverAfter { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>"IP address of node that generated file" in the file header; unset: Cgf:Listen:Address when specific, else this host's first IPv4.</summary>
    public string? NodeAddress { get; set; }
    /// <summary>A closed file older than this is deleted once every delivery destination has it (docs/delivery-design.md).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
    /// <summary>Above this many octets of CDR files the oldest delivered ones go before their retention (0 = no limit).</summary>
    public long MaxDirectoryBytes { get; set; }
    /// <summary>Above this usage of the export directory's file system the oldest delivered files go before their retention.</summary>
    public int HighWaterPercent { get; set; } = 95;
}
