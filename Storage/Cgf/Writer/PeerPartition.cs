namespace Storage.Cgf.Writer;

/// <summary>
/// Which of a CGF's writers keeps a CDF's path (docs/cgf-pool.md "Writers"): every request of one peer goes to the same
/// writer, so a path's sequence numbers are decided in order by one ledger, as with a single writer. The choice depends
/// on the address text alone (the sum of its characters), so it is the same after a restart, and addresses that differ
/// in their last digit, as a site's CDFs often do, go to different writers.
/// </summary>
public static class PeerPartition
{
    public static int Of(string peer, int writers)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(writers, 1);
        if (writers == 1)
            return 0;
        var sum = 0;
        foreach (var c in peer)
            sum += c;
        return sum % writers;
    }
}
