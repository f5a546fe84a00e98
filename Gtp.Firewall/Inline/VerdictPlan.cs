namespace Gtp.Firewall.Inline;

/// <summary>
/// Which verdict messages one receive batch needs when some queued packets are held (fragments waiting for their
/// datagram's verdict). A batch verdict covers every queued id ≤ its id, held ones included, so batch verdicts are
/// given only for the leading packets whose ids are below the lowest held id, one per run of equal verdicts; every
/// later packet that has its verdict gets a single verdict.
/// </summary>
internal static class VerdictPlan
{
    /// <summary>The verdict slot of a held packet: it gets no message now.</summary>
    public const uint Held = uint.MaxValue;

    /// <summary>
    /// Writes the messages for <paramref name="ids"/> (ascending, queue order) with their <paramref name="verdicts"/>
    /// into <paramref name="messages"/> (at least as long as <paramref name="ids"/>); returns how many.
    /// <paramref name="lowestHeld"/> is the lowest id held by this queue (this batch's or an earlier one's).
    /// </summary>
    public static int Plan(ReadOnlySpan<uint> ids, ReadOnlySpan<uint> verdicts, uint lowestHeld, Span<VerdictMessage> messages)
    {
        var prefix = 0;
        while (prefix < ids.Length && ids[prefix] < lowestHeld && verdicts[prefix] != Held)
        {
            prefix++;
        }
        Span<int> ends = stackalloc int[prefix];
        var count = RunEnds(verdicts[..prefix], ends);
        for (var i = 0; i < count; i++)
        {
            messages[i] = new VerdictMessage(true, ids[ends[i]], verdicts[ends[i]]);
        }
        for (var i = prefix; i < ids.Length; i++)
        {
            if (verdicts[i] != Held)
            {
                messages[count++] = new VerdictMessage(false, ids[i], verdicts[i]);
            }
        }
        return count;
    }

    /// <summary>
    /// Indexes of the last packet of each run of equal verdicts, in order: one batch verdict per run, given with that
    /// packet's id, covers exactly the run (earlier ids already have theirs).
    /// </summary>
    public static int RunEnds(ReadOnlySpan<uint> verdicts, Span<int> ends)
    {
        var count = 0;
        for (var i = 0; i < verdicts.Length; i++)
        {
            if (i + 1 == verdicts.Length || verdicts[i + 1] != verdicts[i])
            {
                ends[count++] = i;
            }
        }
        return count;
    }
}
