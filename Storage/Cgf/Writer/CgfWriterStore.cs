using Dapper;
using Microsoft.Data.Sqlite;
using Storage.Cgf.Ledger;
using System.Buffers.Binary;

namespace Storage.Cgf.Writer;

/// <summary>
/// The writer's SQL. The per-CDR and per-request rows of every batch (the ledger's rows, counters) are bound by
/// position (<see cref="PreparedStatement"/>): through Microsoft.Data.Sqlite's named parameters they cost more of the
/// writer's time than SQLite's own insert. CDR rows and transfer states are gathered and written
/// <see cref="RowsPerStatement"/> to a statement (<see cref="MultiRowStatement"/>); anything that reads or changes CDRs
/// already stored writes the gathered ones first, and <see cref="Flush"/> writes the rest before the commit. What runs
/// once per start or per new peer goes through Dapper. Every statement runs in the transaction the writer has open.
/// Used by the writer thread only.
/// </summary>
internal sealed class CgfWriterStore : ILedgerStore, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly PeerCounters _counters;
    /// <summary>Rows per multi-row statement: past a few dozen the saving per row is gone and statements get long.</summary>
    internal const int RowsPerStatement = 32;

    private readonly MultiRowStatement _insertCdrs;
    private readonly MultiRowStatement _upsertTransfers;
    private readonly CdrRow[] _cdrRows = new CdrRow[RowsPerStatement];
    private readonly TransferRow[] _transferRows = new TransferRow[RowsPerStatement];
    private int _cdrCount;
    private int _transferCount;
    private readonly PreparedStatement _insertQuarantine;
    private readonly PreparedStatement _releaseCdrs;
    private readonly PreparedStatement _cancelCdrs;
    private readonly PreparedStatement _expireCdrs;
    private readonly PreparedStatement _noteLateCommits;
    private readonly PreparedStatement _addCounter;
    private readonly PreparedStatement _setLastSeen;

    public CgfWriterStore(SqliteConnection connection, PeerCounters counters)
    {
        _connection = connection;
        _counters = counters;
        // Only the record and what export needs (schema v4): the idle-time indexer decodes the fields the query uses.
        _insertCdrs = new MultiRowStatement(connection,
            "INSERT INTO cdrs (peer_id, seq, record_index, status, received_at, committed_at, record_format, data) VALUES", 8, "",
            RowsPerStatement);
        _insertQuarantine = new PreparedStatement(connection,
            "INSERT INTO quarantine (peer_id, seq, record_index, received_at, reason, record_format, data) " +
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        // Rows are applied in order, so a number written twice in one statement ends with its last state.
        _upsertTransfers = new MultiRowStatement(connection,
            "INSERT INTO transfers (peer_id, seq, kind, state, content_hash, received_at) VALUES", 6,
            "ON CONFLICT (peer_id, seq) DO UPDATE SET kind = excluded.kind, state = excluded.state, " +
            "content_hash = excluded.content_hash, received_at = excluded.received_at", RowsPerStatement);
        _releaseCdrs = new PreparedStatement(connection,
            "UPDATE cdrs SET status = 1, committed_at = ?1 WHERE peer_id = ?2 AND seq = ?3 AND status = 0");
        _cancelCdrs = new PreparedStatement(connection,
            "DELETE FROM cdrs WHERE peer_id = ?1 AND seq = ?2 AND status = 0");
        _expireCdrs = new PreparedStatement(connection,
            "UPDATE cdrs SET status = 1, possibly_duplicate = 1, committed_at = ?1 WHERE peer_id = ?2 AND seq = ?3 AND status = 0");
        // Pending CDRs that become committed (released or hold-expired) are recorded for the exporter, which
        // finds CDRs committed on arrival by a rowid scan above its cursor (no index on cdrs for export).
        _noteLateCommits = new PreparedStatement(connection,
            "INSERT OR IGNORE INTO late_commits (cdr_id) SELECT id FROM cdrs WHERE peer_id = ?1 AND seq = ?2 AND status = 0");
        _addCounter = new PreparedStatement(connection,
            "INSERT INTO peer_counters (peer_id, name, value) VALUES (?1, ?2, ?3) " +
            "ON CONFLICT (peer_id, name) DO UPDATE SET value = value + excluded.value");
        _setLastSeen = new PreparedStatement(connection, "UPDATE peers SET last_seen = ?1 WHERE id = ?2");
    }

    /// <summary>The time rows written now are stamped with (committed_at), set by the writer per transaction.</summary>
    public long NowMs { get; set; }

    public void StoreRecords(TransferKey key, TransferRequest request, CdrStatus status)
    {
        var stored = 0;
        for (var index = 0; index < request.Records.Count; index++)
        {
            var record = request.Records[index];
            if (record.WellFormed)
            {
                if (_cdrCount == RowsPerStatement)
                    FlushCdrs();
                _cdrRows[_cdrCount++] = new CdrRow(key, index, status, request.ReceivedAtMs, status == CdrStatus.Committed ? NowMs : null,
                    request.RecordFormat, record.Data);
                stored++;
            }
            else
            {
                _insertQuarantine.Bind(1, key.PeerId).Bind(2, key.SequenceNumber).Bind(3, index).Bind(4, request.ReceivedAtMs)
                    .Bind(5, record.Problem ?? "not well-formed BER").Bind(6, request.RecordFormat).Bind(7, record.Data).Execute();
                _counters.Add(key.PeerId, "quarantined");
            }
        }
        if (stored > 0)
            _counters.Add(key.PeerId, status == CdrStatus.Committed ? "cdrsCommitted" : "cdrsPending", stored);
    }

    public int CommitPending(TransferKey key, bool possiblyDuplicate)
    {
        FlushCdrs();
        _noteLateCommits.Bind(1, key.PeerId).Bind(2, key.SequenceNumber).Execute();
        return (possiblyDuplicate ? _expireCdrs : _releaseCdrs)
            .Bind(1, NowMs).Bind(2, key.PeerId).Bind(3, key.SequenceNumber).ExecuteCountingChanges();
    }

    public void DeletePending(TransferKey key)
    {
        FlushCdrs();
        _cancelCdrs.Bind(1, key.PeerId).Bind(2, key.SequenceNumber).Execute();
    }

    public void Save(TransferKey key, TransferEntry entry)
    {
        if (_transferCount == RowsPerStatement)
            FlushTransfers();
        _transferRows[_transferCount++] = new TransferRow(key, entry);
    }

    /// <summary>Writes the gathered CDR rows and transfer states; before the transaction commits.</summary>
    public void Flush()
    {
        FlushCdrs();
        FlushTransfers();
    }

    /// <summary>Forgets what was gathered and not written: the transaction it was for failed or is starting over.</summary>
    public void Discard()
    {
        ClearCdrs();
        _transferCount = 0;
    }

    private void FlushCdrs()
    {
        if (_cdrCount == 0)
            return;
        var statement = _insertCdrs.For(_cdrCount);
        for (var row = 0; row < _cdrCount; row++)
        {
            ref readonly var cdr = ref _cdrRows[row];
            var at = _insertCdrs.Parameter(row, 0);
            statement.Bind(at, cdr.Key.PeerId).Bind(at + 1, cdr.Key.SequenceNumber).Bind(at + 2, cdr.Index).Bind(at + 3, (int)cdr.Status)
                .Bind(at + 4, cdr.ReceivedAtMs).Bind(at + 5, cdr.CommittedAtMs).Bind(at + 6, cdr.RecordFormat).Bind(at + 7, cdr.Data);
        }
        // Bound copies the blobs; cleared before running so a failing statement leaves nothing gathered behind.
        ClearCdrs();
        statement.Execute();
    }

    private void FlushTransfers()
    {
        if (_transferCount == 0)
            return;
        var statement = _upsertTransfers.For(_transferCount);
        Span<byte> hash = stackalloc byte[16];
        for (var row = 0; row < _transferCount; row++)
        {
            ref readonly var transfer = ref _transferRows[row];
            var at = _upsertTransfers.Parameter(row, 0);
            BinaryPrimitives.WriteUInt128BigEndian(hash, transfer.Entry.Hash);
            statement.Bind(at, transfer.Key.PeerId).Bind(at + 1, transfer.Key.SequenceNumber).Bind(at + 2, (int)transfer.Entry.Kind)
                .Bind(at + 3, (int)transfer.Entry.State).Bind(at + 4, hash).Bind(at + 5, transfer.Entry.ReceivedAtMs);
        }
        _transferCount = 0;
        statement.Execute();
    }

    private void ClearCdrs()
    {
        Array.Clear(_cdrRows, 0, _cdrCount);
        _cdrCount = 0;
    }

    private readonly record struct CdrRow(TransferKey Key, int Index, CdrStatus Status, long ReceivedAtMs, long? CommittedAtMs, int RecordFormat, byte[] Data);

    private readonly record struct TransferRow(TransferKey Key, TransferEntry Entry);

    /// <summary>Adds the batch's counters and last-seen times.</summary>
    public void WriteCounters()
    {
        foreach (var ((peerId, name), count) in _counters.Counts)
            _addCounter.Bind(1, peerId).Bind(2, name).Bind(3, count).Execute();
        foreach (var (peerId, seen) in _counters.LastSeen)
            _setLastSeen.Bind(1, seen).Bind(2, peerId).Execute();
    }

    /// <summary>Ids of <paramref name="peers"/> (address text), created as needed; committed on their own, harmless if the batch that follows fails.</summary>
    public List<(string Peer, int Id)> AddPeers(IReadOnlyList<string> peers, long nowMs)
    {
        var ids = new List<(string, int)>(peers.Count);
        using var transaction = _connection.BeginTransaction();
        foreach (var peer in peers)
        {
            ids.Add((peer, _connection.ExecuteScalar<int>(
                "INSERT INTO peers (address, first_seen, last_seen) VALUES (@peer, @nowMs, @nowMs) " +
                "ON CONFLICT (address) DO UPDATE SET last_seen = excluded.last_seen RETURNING id",
                new { peer, nowMs }, transaction)));
        }
        transaction.Commit();
        return ids;
    }

    /// <summary>The peers known to the database: (id, address, last seen).</summary>
    public IEnumerable<(long Id, string Address, long LastSeen)> ReadPeers() =>
        _connection.Query<(long, string, long)>("SELECT id, address, last_seen FROM peers");

    /// <summary>Every row of table <c>transfers</c>, into <paramref name="ledger"/>.</summary>
    public void LoadTransfers(TransferLedger ledger)
    {
        var rows = _connection.Query<(long PeerId, long Seq, long Kind, long State, byte[] Hash, long ReceivedAt)>(
            "SELECT peer_id, seq, kind, state, content_hash, received_at FROM transfers", buffered: false);
        foreach (var row in rows)
        {
            ledger.Load(new TransferKey((int)row.PeerId, (ushort)row.Seq), new TransferEntry(
                BinaryPrimitives.ReadUInt128BigEndian(row.Hash), (TransferKind)row.Kind, (TransferState)row.State, row.ReceivedAt));
        }
    }

    /// <summary>Caps the database file (past it, commits fail with SQLITE_FULL) and the size the WAL is truncated to when it starts over.</summary>
    public void LimitSize(long maxBytes, long walLimitBytes)
    {
        var pageSize = _connection.ExecuteScalar<long>("PRAGMA page_size;");
        _connection.Execute($"PRAGMA max_page_count = {Math.Max(1, maxBytes / pageSize)};");
        _connection.Execute($"PRAGMA journal_size_limit = {walLimitBytes};");
    }

    public void Dispose()
    {
        _insertCdrs.Dispose();
        _insertQuarantine.Dispose();
        _upsertTransfers.Dispose();
        _releaseCdrs.Dispose();
        _cancelCdrs.Dispose();
        _expireCdrs.Dispose();
        _noteLateCommits.Dispose();
        _addCounter.Dispose();
        _setLastSeen.Dispose();
    }
}
