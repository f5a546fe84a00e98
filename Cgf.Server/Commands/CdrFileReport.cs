namespace Cgf.Server.Commands;

/// <summary>What <c>cdr-file inspect</c> shows.</summary>
public sealed record CdrFileReport(string File, CdrFileHeaderReport Header, IReadOnlyList<CdrRecordReport> Records);

