using Storage.Cgf.Ledger;
using Storage.Cgf.Retention;

namespace Storage.Cgf.Writer;

/// <summary>
/// The database side of <see cref="CgfWriter{TRequest}"/>: one connection used by the writer thread only, a transaction
/// per batch, the rows the ledger decides (<see cref="ILedgerStore"/>) and the work done between batches. One
/// implementation per <see cref="StorageProvider"/>.
/// </summary>
internal interface ICgfWriterBackend : ILedgerStore, IDisposable
{
    /// <summary>The time rows written now are stamped with (committed_at), set by the writer per transaction.</summary>
    long NowMs { get; set; }

    /// <summary>
    /// True when the store is shared by a pool of CGFs: a possibly-duplicated packet whose content another path
    /// committed is then answered from the pool's state (<see cref="CommittedInPool"/>).
    /// </summary>
    bool IsShared { get; }

    void Begin();

    void Commit();

    /// <summary>Undoes the open transaction, if any; never throws for a connection that already rolled back or broke.</summary>
    void Rollback();

    /// <summary>Whether <paramref name="exception"/> is the store failing (disk, server, connection), answered 199, not a bug.</summary>
    bool IsStorageFailure(Exception exception);

    /// <summary>
    /// After a failed commit: whether the commit may have happened anyway (a connection lost while committing),
    /// so that the writer must read its known states back from the database before deciding anything else.
    /// </summary>
    bool OutcomeUnknownAfterFailure { get; }

    /// <summary>Of <paramref name="hashes"/>, the contents of data packets any path of the pool has committed.</summary>
    IReadOnlySet<UInt128> CommittedInPool(IReadOnlyCollection<UInt128> hashes);

    /// <summary>Adds the batch's counters and last-seen times (inside the open transaction).</summary>
    void WriteCounters();

    /// <summary>Ids of <paramref name="peers"/> (address text), created as needed; committed on their own.</summary>
    List<(string Peer, int Id)> AddPeers(IReadOnlyList<string> peers, long nowMs);

    /// <summary>The peers of this CGF known to the database: (id, address, last seen).</summary>
    IEnumerable<(long Id, string Address, long LastSeen)> ReadPeers();

    /// <summary>This CGF's rows of table <c>transfers</c>, into <paramref name="ledger"/>.</summary>
    void LoadTransfers(TransferLedger ledger);

    /// <summary>After a batch was answered: housekeeping that must not sit inside a commit (SQLite's WAL checkpoint).</summary>
    void AfterBatch();

    /// <summary>One chunk of the CDR lookup tables; null when it failed, 0 when nothing was left.</summary>
    int? IndexNext(int chunk);

    /// <summary>One retention chunk; null when it failed.</summary>
    RetentionStep? RemoveNext(long nowMs);

    bool Indexes { get; }

    bool Retains { get; }
}
