namespace Charging.CdrFiles;

/// <summary>Why a CDR file does not parse, and the file offset of the first octet that does not fit.</summary>
public readonly record struct CdrFileError(long Offset, string Reason)
{
    public override string ToString() => $"at byte offset {Offset}: {Reason}";
}
