namespace Storage.Cgf.Ledger;

/// <summary>
/// What storage did with a Data Record Transfer Request, named after what happened; the CGF's protocol layer maps
/// each to the GTP' Cause it answers with (docs/gtp-prime.md §4).
/// </summary>
public enum TransferOutcome : byte
{
    /// <summary>Not decided yet (the request has not been through a transaction).</summary>
    None = 0,
    /// <summary>Stored (committed, or held pending for PTC 2), released or cancelled as asked.</summary>
    Accepted,
    /// <summary>Stored, but records that are not well-formed were kept in quarantine instead of as CDRs.</summary>
    AcceptedWithQuarantinedRecords,
    /// <summary>The same request again, already done: the same content committed here, or the same Release/Cancel.</summary>
    AlreadyFulfilled,
    /// <summary>The same content again while it is held pending (a PTC 2 packet not yet released, cancelled or expired).</summary>
    DuplicatePending,
    /// <summary>A possibly duplicated packet (PTC 2 with data, or a test packet) whose number this CGF committed.</summary>
    AlreadyCommitted,
    /// <summary>A test packet for a number this CGF did not commit (unknown, pending or cancelled). Nothing stored.</summary>
    NotCommitted,
    /// <summary>A Release or Cancel listing a number that is not a pending packet of that peer: nothing changed.</summary>
    ListedPacketNotPending,
    /// <summary>A request kind storage does not know: nothing stored.</summary>
    UnknownKind,
    /// <summary>The transaction failed (disk full, I/O error): nothing of the batch was stored.</summary>
    NotStored,
    /// <summary>
    /// A possibly duplicated packet whose content another path of a CGF pool already committed (a shared store,
    /// docs/cgf-pool.md): nothing stored, answered as a possibly duplicated packet already fulfilled.
    /// </summary>
    CommittedInPool,
}
