namespace Charging.CdrFiles;

/// <summary>The kinds of GTP' Data Record Format value (TS 32.295 IE 252 octet 5; docs/gtp-prime.md §3.1).</summary>
public enum DataRecordFormatClass : byte
{
    /// <summary>0: not used by TS 32.295.</summary>
    NotUsed,
    /// <summary>1 BER, 2 unaligned PER, 3 aligned PER: defined, and the TS 32.297 CDR header has the same code.</summary>
    Exportable,
    /// <summary>11-50: operator-specific; no TS 32.297 CDR header code stands for them.</summary>
    OperatorSpecific,
    /// <summary>4-10 and 51-255: reserved for future standards, not assigned.</summary>
    Reserved,
}
