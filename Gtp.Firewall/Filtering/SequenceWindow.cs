namespace Gtp.Firewall.Filtering;

/// <summary>
/// G-PDU sequence validation (TS 29.281 §5.1: the number increments per G-PDU of a tunnel direction; docs/gtp-firewall.md
/// §8). Relative to the last accepted number: ahead by 1-32767 is accepted (lost packets leave gaps), a repeat is a
/// duplicate, behind by at most <see cref="ReorderTolerance"/> is a late packet (accepted, the last number stays), any
/// further behind is stale or replayed and dropped.
/// </summary>
public static class SequenceWindow
{
    /// <summary>How far behind a late packet may be, as Check Point's G-PDU "max deviation" default.</summary>
    public const int ReorderTolerance = 16;

    public static SequenceVerdict Judge(ushort last, ushort sequence)
    {
        var distance = (short)(ushort)(sequence - last);
        return distance switch
        {
            > 0 => SequenceVerdict.Ahead,
            0 => SequenceVerdict.Duplicate,
            >= -ReorderTolerance => SequenceVerdict.Late,
            _ => SequenceVerdict.Stale,
        };
    }
}
