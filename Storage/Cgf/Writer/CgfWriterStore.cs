using Dapper;
using Microsoft.Data.Sqlite;
using Storage.Cgf.Ledger;
using System.Buffers.Binary;

namespace Storage.Cgf.Writer;

/// <summary>
/// The writer's SQL. The per-CDR and per-request rows of every batch (the ledger's rows, counters) are bound by
/// position (<see cref="PreparedStatement"/>): through Microsoft.Data.Sqlite's named parameters they cost more of the
/// writer's time than SQLite's own insert. What runs once per start or per new peer goes through Dapper. Every
/// statement runs in the transaction the writer has open. Used by the writer thread only.
/// </summary>
internal sealed class CgfWriterStore : ILedgerStore, IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly PeerCounters _counters;
    private readonly PreparedStatement _insertCdr;
    private readonly PreparedStatement _insertQuarantine;
    private readonly PreparedStatement _upsertTransfer;
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
        _insertCdr = new PreparedStatement(connection,
            // Only the record and what export needs (schema v4): the idle-time indexer decodes the fields the query uses.
            "INSERT INTO cdrs (peer_id, seq, record_index, status, possibly_duplicate, received_at, committed_at, record_format, data) " +
            "VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6, ?7, ?8)");
        _insertQuarantine = new PreparedStatement(connection,
            "INSERT INTO quarantine (peer_id, seq, record_index, received_at, reason, record_format, data) " +
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        _upsertTransfer = new PreparedStatement(connection,
            "INSERT INTO transfers (peer_id, seq, kind, state, content_hash, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) " +
            "ON CONFLICT (peer_id, seq) DO UPDATE SET kind = excluded.kind, state = excluded.state, " +
            "content_hash = excluded.content_hash, received_at = excluded.received_at");
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
                _insertCdr.Bind(1, key.PeerId).Bind(2, key.SequenceNumber).Bind(3, index).Bind(4, (int)status)
                    .Bind(5, request.ReceivedAtMs).Bind(6, status == CdrStatus.Committed ? NowMs : null).Bind(7, request.RecordFormat)
                    .Bind(8, record.Data).Execute();
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
        _noteLateCommits.Bind(1, key.PeerId).Bind(2, key.SequenceNumber).Execute();
        return (possiblyDuplicate ? _expireCdrs : _releaseCdrs)
            .Bind(1, NowMs).Bind(2, key.PeerId).Bind(3, key.SequenceNumber).ExecuteCountingChanges();
    }

    public void DeletePending(TransferKey key) => _cancelCdrs.Bind(1, key.PeerId).Bind(2, key.SequenceNumber).Execute();

    public void Save(TransferKey key, TransferEntry entry)
    {
        Span<byte> hash = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(hash, entry.Hash);
        _upsertTransfer.Bind(1, key.PeerId).Bind(2, key.SequenceNumber).Bind(3, (int)entry.Kind).Bind(4, (int)entry.State)
            .Bind(5, hash).Bind(6, entry.ReceivedAtMs).Execute();
    }

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
        _insertCdr.Dispose();
        _insertQuarantine.Dispose();
        _upsertTransfer.Dispose();
        _releaseCdrs.Dispose();
        _cancelCdrs.Dispose();
        _expireCdrs.Dispose();
        _noteLateCommits.Dispose();
        _addCounter.Dispose();
        _setLastSeen.Dispose();
    }
}
