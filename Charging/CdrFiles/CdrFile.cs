namespace Charging.CdrFiles;

/// <summary>A decoded TS 32.297 CDR file: file header, then the CDRs in file order.</summary>
public sealed record CdrFile(CdrFileHeader Header, IReadOnlyList<CdrFileRecord> Records);
