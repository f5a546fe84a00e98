namespace Storage.Cgf.Ledger;

/// <summary>What the ledger remembers of the last request at a <see cref="TransferKey"/> (a row of table <c>transfers</c>).</summary>
internal readonly record struct TransferEntry(UInt128 Hash, TransferKind Kind, TransferState State, long ReceivedAtMs)
{
    /// <summary>A data packet (PTC 1 or 2) this CGF committed, on arrival, on release or at the end of the hold time.</summary>
    public bool IsCommittedData =>
        Kind is TransferKind.Send or TransferKind.SendPossiblyDuplicated &&
        State is TransferState.Committed or TransferState.CommittedPossiblyDuplicate;
}
