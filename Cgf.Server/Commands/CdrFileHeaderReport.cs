using Charging.CdrFiles;

namespace Cgf.Server.Commands;

/// <summary>The TS 32.297 file header as <c>cdr-file inspect</c> shows it (text and numbers, JSON-friendly).</summary>
public sealed record CdrFileHeaderReport(
    uint FileLength,
    uint HeaderLength,
    string HighReleaseVersion,
    string LowReleaseVersion,
    string OpeningTimestamp,
    string LastCdrAppendTimestamp,
    uint CdrCount,
    uint FileSequenceNumber,
    string ClosureTriggerReason,
    string NodeAddress,
    byte LostCdrIndicator,
    int RouteingFilterLength,
    int PrivateExtensionLength)
{
    public static CdrFileHeaderReport From(CdrFileHeader header) => new(
        header.FileLength, header.HeaderLength, header.HighReleaseVersion.ToString(), header.LowReleaseVersion.ToString(),
        header.OpeningTimestamp.ToString(), header.LastCdrAppendTimestamp.ToString(), header.CdrCount, header.FileSequenceNumber,
        $"{(byte)header.ClosureTriggerReason} ({header.ClosureTriggerReason})", header.NodeAddress.ToString(), header.LostCdrIndicator,
        header.RouteingFilter.Length, header.PrivateExtension.Length);
}
