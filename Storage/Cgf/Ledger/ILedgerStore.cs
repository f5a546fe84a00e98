namespace Storage.Cgf.Ledger;

/// <summary>
/// The rows behind the ledger's decisions. <see cref="TransferLedger"/> calls these in the order the rows must
/// change, inside the writer's open transaction; nothing it calls may be visible before that transaction commits.
/// </summary>
internal interface ILedgerStore
{
    /// <summary>Stores the records of <paramref name="request"/> at <paramref name="key"/> with <paramref name="status"/> (well-formed ones as CDRs, others in quarantine).</summary>
    void StoreRecords(TransferKey key, TransferRequest request, CdrStatus status);

    /// <summary>The pending CDRs at <paramref name="key"/> become committed, flagged possibly duplicate when asked; returns how many.</summary>
    int CommitPending(TransferKey key, bool possiblyDuplicate);

    /// <summary>The pending CDRs at <paramref name="key"/> are deleted (a Cancel).</summary>
    void DeletePending(TransferKey key);

    /// <summary>Records <paramref name="entry"/> as the state of <paramref name="key"/>.</summary>
    void Save(TransferKey key, TransferEntry entry);
}
