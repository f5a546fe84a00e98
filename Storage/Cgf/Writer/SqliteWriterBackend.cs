using Microsoft.Data.Sqlite;
using Storage.Cgf.Ledger;
using Storage.Cgf.Retention;

namespace Storage.Cgf.Writer;

/// <summary>
/// The writer's SQLite file: group commits with synchronous=FULL on one connection, the WAL checkpointed between
/// batches (<see cref="WalCheckpointer"/>), the lookup tables filled (<see cref="CdrIndexer"/>) and retention run
/// (<see cref="CdrRetention"/>) on the same connection while ingest leaves time.
/// </summary>
internal sealed class SqliteWriterBackend : ICgfWriterBackend
{
    private readonly SqliteConnection _connection;
    private readonly CgfWriterStore _store;
    private readonly WalCheckpointer _checkpointer;
    private readonly CdrIndexer? _indexer;
    private readonly CdrRetention? _retention;
    private SqliteTransaction? _transaction;

    public SqliteWriterBackend(CgfWriterOptions options, PeerCounters counters)
    {
        var path = options.Location.Path;
        _connection = CgfDatabase.Open(path);
        try
        {
            _store = new CgfWriterStore(_connection, counters);
            var budget = SizeBudget.For(options.MaxDatabaseBytes, options.WalRestartBytes);
            if (budget.DatabaseBytes > 0)
                _store.LimitSize(budget.DatabaseBytes, budget.WalRestartBytes);
            _checkpointer = new WalCheckpointer(_connection, path, budget.WalRestartBytes, options.CheckpointInterval,
                fileLimitBytes: budget.DatabaseBytes > 0 ? budget.WalRestartBytes : 0);
            _indexer = options.IndexChunk > 0 ? new CdrIndexer(_connection, options.IndexSegmentSpan) : null;
            _retention = options.Retention > TimeSpan.Zero ? new CdrRetention(_connection, options.Retention, options.RetentionChunk) : null;
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    public long NowMs
    {
        get => _store.NowMs;
        set => _store.NowMs = value;
    }

    public bool IsShared => false;

    public bool OutcomeUnknownAfterFailure => false;

    public bool Indexes => _indexer is not null;

    public bool Retains => _retention is not null;

    public void Begin() => _transaction = _connection.BeginTransaction();

    public void Commit()
    {
        _store.Flush();
        _transaction!.Commit();
        _transaction.Dispose();
        _transaction = null;
    }

    public void Rollback()
    {
        // What was gathered for this transaction and not yet written goes with it.
        _store.Discard();
        try
        {
            _transaction?.Rollback();
        }
        catch (Exception exception) when (exception is SqliteException or InvalidOperationException)
        {
            // The connection already rolled back (e.g. SQLITE_FULL aborts the transaction itself).
        }
        finally
        {
            _transaction?.Dispose();
            _transaction = null;
        }
    }

    public bool IsStorageFailure(Exception exception) => exception is SqliteException or IOException or InvalidOperationException;

    public IReadOnlySet<UInt128> CommittedInPool(IReadOnlyCollection<UInt128> hashes) => EmptySet;

    private static readonly HashSet<UInt128> EmptySet = [];

    public void StoreRecords(TransferKey key, TransferRequest request, CdrStatus status) => _store.StoreRecords(key, request, status);

    public int CommitPending(TransferKey key, bool possiblyDuplicate) => _store.CommitPending(key, possiblyDuplicate);

    public void DeletePending(TransferKey key) => _store.DeletePending(key);

    public void Save(TransferKey key, TransferEntry entry) => _store.Save(key, entry);

    public void WriteCounters() => _store.WriteCounters();

    public List<(string Peer, int Id)> AddPeers(IReadOnlyList<string> peers, long nowMs) => _store.AddPeers(peers, nowMs);

    public IEnumerable<(long Id, string Address, long LastSeen)> ReadPeers() => _store.ReadPeers();

    public void LoadTransfers(TransferLedger ledger) => _store.LoadTransfers(ledger);

    public void AfterBatch() => _checkpointer.FinishIfDue();

    public int? IndexNext(int chunk) => _indexer is null ? 0 : BesideIngest(() => _indexer.IndexNext(chunk));

    public RetentionStep? RemoveNext(long nowMs) => _retention is null ? default(RetentionStep) : BesideIngest(() => _retention.RemoveNext(nowMs));

    /// <summary>
    /// Runs work that writes only derived or already-exported data between two ingest transactions; null when it
    /// failed. Its commit need not wait for fsync: losing it to a power failure only means doing it again, and the
    /// next ingest commit (FULL) syncs the WAL.
    /// </summary>
    private T? BesideIngest<T>(Func<T> work) where T : struct
    {
        try
        {
            SqliteDatabase.Execute(_connection, "PRAGMA synchronous=NORMAL;");
            return work();
        }
        catch (Exception exception) when (exception is SqliteException or IOException or InvalidOperationException)
        {
            return null;
        }
        finally
        {
            // Not caught: a writer that cannot make its commits durable again must not acknowledge anything.
            SqliteDatabase.Execute(_connection, "PRAGMA synchronous=FULL;");
        }
    }

    public void Dispose()
    {
        _store.Dispose();
        // Its connection first: the writer's close is then the last, which checkpoints and removes the WAL.
        _checkpointer.Dispose();
        _connection.Dispose();
    }
}
