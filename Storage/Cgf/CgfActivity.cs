namespace Storage.Cgf;

/// <summary>
/// What a running CGF's monitoring reads from its database every few seconds: only counts that partial indexes or
/// small tables answer, never a scan of all CDRs.
/// </summary>
public sealed record CgfActivity(
    long PendingCdrs,
    long PendingPackets,
    long PossiblyDuplicateCdrsAwaitingExport,
    IReadOnlyList<CgfPeerStatus> Peers,
    Retention.CgfRetentionState? Retention = null);
