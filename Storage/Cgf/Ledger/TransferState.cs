namespace Storage.Cgf.Ledger;

/// <summary>State of the last request seen per (peer, sequence number), column <c>transfers.state</c>.</summary>
public enum TransferState : byte
{
    Committed = 1,
    Pending = 2,
    Cancelled = 3,
    /// <summary>Pending past the hold time: committed with the possibly-duplicate flag.</summary>
    CommittedPossiblyDuplicate = 4,
}
