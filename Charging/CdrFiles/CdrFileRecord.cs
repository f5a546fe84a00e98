namespace Charging.CdrFiles;

/// <summary>One CDR of a file: its header, where the header starts, and the record octets.</summary>
public readonly record struct CdrFileRecord(CdrHeader Header, long Offset, ReadOnlyMemory<byte> Data);
