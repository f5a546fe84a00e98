namespace Gtp.Firewall.Filtering;

/// <summary>How a G-PDU's sequence number relates to the last accepted one (<see cref="SequenceWindow"/>).</summary>
public enum SequenceVerdict
{
    /// <summary>Ahead of the last number: accepted, becomes the last number.</summary>
    Ahead,
    /// <summary>Late within the reorder tolerance: accepted, the last number stays.</summary>
    Late,
    /// <summary>The last number again: dropped.</summary>
    Duplicate,
    /// <summary>Further behind than the tolerance: dropped.</summary>
    Stale,
}
