namespace Cgf.Server.Export;

/// <summary>
/// The export as the status page shows it: where to, the last file written, and whether it is failing.
/// <see cref="PoolExporter"/> names the CGF of a pool that holds the export lease while it is another one.
/// </summary>
public sealed record ExportStatus(string? Directory, string? LastFile, bool DownstreamLost, DateTimeOffset? FailingSince, string? PoolExporter = null)
{
    public static ExportStatus Off { get; } = new(null, null, false, null);
}
