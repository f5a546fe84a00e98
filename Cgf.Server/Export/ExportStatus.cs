namespace Cgf.Server.Export;

/// <summary>The export as the status page shows it: where to, the last file written, and whether it is failing.</summary>
public sealed record ExportStatus(string? Directory, string? LastFile, bool DownstreamLost, DateTimeOffset? FailingSince)
{
    public static ExportStatus Off { get; } = new(null, null, false, null);
}
