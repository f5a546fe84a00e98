namespace Storage.Cgf.Ledger;

/// <summary>
/// The exactly-once decisions of the CGF: per (peer, sequence number), what the last request was, and what a new
/// request there gets (docs/gtp-prime.md §5.6 and §5.7; the choices where TS 32.295 is silent are the README's table "Behaviour
/// chosen where TS 32.295 text is not at hand"). No SQLite here: each decision tells an <see cref="ILedgerStore"/>
/// which rows change, in order, and keeps the new states aside until the writer's transaction commits
/// (<see cref="Commit"/>) or fails (<see cref="Discard"/>). Used by one thread.
/// </summary>
internal sealed class TransferLedger(Func<int, bool>? keeps = null)
{
    // What committed transactions hold.
    private readonly Dictionary<TransferKey, TransferEntry> _committed = new();
    // What the open transaction changed: read before _committed, merged into it only on commit.
    private readonly Dictionary<TransferKey, TransferEntry> _uncommitted = new();

    /// <summary>
    /// Takes a state read from the database (at start-up), unless its peer is another writer's (<c>keeps</c> says no):
    /// that writer expires and answers for it.
    /// </summary>
    public void Load(TransferKey key, TransferEntry entry)
    {
        if (keeps is null || keeps(key.PeerId))
            _committed[key] = entry;
    }

    /// <summary>The state of <paramref name="key"/>, with the open transaction's changes.</summary>
    public bool TryGet(TransferKey key, out TransferEntry entry) =>
        _uncommitted.TryGetValue(key, out entry) || _committed.TryGetValue(key, out entry);

    /// <summary>The open transaction committed: its states become the known ones.</summary>
    public void Commit()
    {
        foreach (var (key, entry) in _uncommitted)
            _committed[key] = entry;
        _uncommitted.Clear();
    }

    /// <summary>The open transaction failed: the known states are those before it.</summary>
    public void Discard() => _uncommitted.Clear();

    /// <summary>Decides <paramref name="request"/> from peer <paramref name="peerId"/>, telling <paramref name="store"/> what to write.</summary>
    /// <param name="committedInPool">
    /// Contents that other paths of a CGF pool committed (a shared store): a possibly duplicated packet carrying one
    /// is not stored again. Empty for a CGF on its own.
    /// </param>
    public TransferOutcome Apply(int peerId, TransferRequest request, ILedgerStore store, IReadOnlySet<UInt128>? committedInPool = null)
    {
        var key = new TransferKey(peerId, request.SequenceNumber);
        var known = TryGet(key, out var existing);
        switch (request.Kind)
        {
            case TransferKind.TestPacket:
                // docs/gtp-prime.md §5.6: "did you commit this number?" Nothing is stored.
                return known && existing.IsCommittedData ? TransferOutcome.AlreadyCommitted : TransferOutcome.NotCommitted;

            case TransferKind.Send:
            case TransferKind.SendPossiblyDuplicated:
                if (known && existing.Hash == request.ContentHash &&
                    existing.Kind is TransferKind.Send or TransferKind.SendPossiblyDuplicated &&
                    existing.State != TransferState.Cancelled)
                {
                    if (request.Kind == TransferKind.SendPossiblyDuplicated && existing.IsCommittedData)
                        return TransferOutcome.AlreadyCommitted;
                    return existing.State == TransferState.Pending ? TransferOutcome.DuplicatePending : TransferOutcome.AlreadyFulfilled;
                }
                // docs/cgf-pool.md: the CDF redirected a packet another CGF of the pool committed (its answer was lost).
                if (request.Kind == TransferKind.SendPossiblyDuplicated && committedInPool is { Count: > 0 } && committedInPool.Contains(request.ContentHash))
                    return TransferOutcome.CommittedInPool;
                // Same number, other content: the sequence space wrapped, so this is a new request.
                if (known && existing.State == TransferState.Pending)
                    Expire(key, existing, store);
                var committed = request.Kind == TransferKind.Send;
                store.StoreRecords(key, request, committed ? CdrStatus.Committed : CdrStatus.Pending);
                Set(key, new TransferEntry(request.ContentHash, request.Kind,
                    committed ? TransferState.Committed : TransferState.Pending, request.ReceivedAtMs), store);
                return request.AllRecordsWellFormed ? TransferOutcome.Accepted : TransferOutcome.AcceptedWithQuarantinedRecords;

            case TransferKind.Release:
            case TransferKind.Cancel:
                if (known && existing.Kind == request.Kind && existing.Hash == request.ContentHash)
                    return TransferOutcome.AlreadyFulfilled;
                // All or nothing: any number that is not a pending packet of this peer, and nothing changes.
                foreach (var sequence in request.Sequences)
                {
                    if (!TryGet(new TransferKey(peerId, sequence), out var target) || target.State != TransferState.Pending)
                        return TransferOutcome.ListedPacketNotPending;
                }
                foreach (var sequence in request.Sequences)
                {
                    var targetKey = new TransferKey(peerId, sequence);
                    if (!TryGet(targetKey, out var target) || target.State != TransferState.Pending)
                        continue; // listed twice
                    if (request.Kind == TransferKind.Release)
                    {
                        store.CommitPending(targetKey, possiblyDuplicate: false);
                        Set(targetKey, target with { State = TransferState.Committed }, store);
                    }
                    else
                    {
                        store.DeletePending(targetKey);
                        Set(targetKey, target with { State = TransferState.Cancelled }, store);
                    }
                }
                // The request's own number may still hold a pending packet (wrapped sequence space): flag it, never drop it.
                if (TryGet(key, out var own) && own.State == TransferState.Pending)
                    Expire(key, own, store);
                Set(key, new TransferEntry(request.ContentHash, request.Kind, TransferState.Committed, request.ReceivedAtMs), store);
                return TransferOutcome.Accepted;

            default:
                return TransferOutcome.UnknownKind;
        }
    }

    /// <summary>Pending packets received at or before <paramref name="cutoffMs"/>: their hold time has passed.</summary>
    public List<TransferKey> HeldSince(long cutoffMs)
    {
        var held = new List<TransferKey>();
        foreach (var (key, entry) in _committed)
        {
            if (entry.State == TransferState.Pending && entry.ReceivedAtMs <= cutoffMs)
                held.Add(key);
        }
        return held;
    }

    /// <summary>Commits the pending packets at <paramref name="keys"/> with the possibly-duplicate flag; returns their CDRs.</summary>
    public int ExpireHeld(IReadOnlyList<TransferKey> keys, ILedgerStore store)
    {
        var cdrs = 0;
        foreach (var key in keys)
        {
            if (TryGet(key, out var entry) && entry.State == TransferState.Pending)
                cdrs += Expire(key, entry, store);
        }
        return cdrs;
    }

    private int Expire(TransferKey key, TransferEntry entry, ILedgerStore store)
    {
        var cdrs = store.CommitPending(key, possiblyDuplicate: true);
        Set(key, entry with { State = TransferState.CommittedPossiblyDuplicate }, store);
        return cdrs;
    }

    private void Set(TransferKey key, TransferEntry entry, ILedgerStore store)
    {
        store.Save(key, entry);
        _uncommitted[key] = entry;
    }
}
