using Charging.CdrFiles;

namespace Cgf.Server.Export;

/// <summary>A closed, recorded CDR file.</summary>
public sealed record ExportedFile(string Path, uint FileSequenceNumber, int CdrCount, long Length, bool PossiblyDuplicate,
    FileClosureTriggerReason Reason, bool Recovered);
