using Dapper;
using Npgsql;
using Storage.Cgf.Ledger;
using Storage.Cgf.Retention;
using Storage.Cgf.Writer;
using System.Buffers.Binary;

namespace Storage.Cgf.PostgreSql;

/// <summary>
/// The writer's PostgreSQL database (docs/cgf-pool.md). One connection, one transaction per batch, as on SQLite; the
/// rows of a batch go in few round trips: its CDRs in one binary COPY, its transfer states, counters and last-seen
/// times in one multi-statement batch of array-bound statements, then COMMIT, which with the server's
/// <c>synchronous_commit = on</c> returns only once the commit is on disk (and on the synchronous standby). Rows are
/// buffered and sent when the transaction needs them: before an UPDATE of pending CDRs a COPY of what is buffered.
/// A failure closes the connection; the next batch opens a new one (following a failover when the connection string
/// names several hosts with <c>Target Session Attributes=primary</c>).
/// </summary>
internal sealed class PostgresWriterBackend : ICgfWriterBackend
{
    private const string CopyCdrs =
        "COPY cdrs (peer_id, seq, record_index, status, possibly_duplicate, received_at, committed_at, record_format, data, " +
        "record_type, served_imsi, charging_id, record_opening_time, content_hash) FROM STDIN (FORMAT BINARY)";

    private readonly string _connectionString;
    private readonly string _nodeId;
    private readonly PeerCounters _counters;
    // Null when retention is off (Cgf:Retention:Cdrs 0), as SqliteWriterBackend's.
    private readonly PostgresRetention? _retention;
    private NpgsqlConnection? _connection;
    private NpgsqlTransaction? _transaction;

    // What the open transaction has yet to send.
    private readonly List<CdrRow> _cdrs = [];
    private readonly List<QuarantineRow> _quarantine = [];
    private readonly Dictionary<TransferKey, TransferEntry> _transfers = [];
    private readonly BinaryCopyWriter _copy = new();

    private readonly record struct CdrRow(int PeerId, int Seq, int Index, short Status, long ReceivedAt, long? CommittedAt, int Format, byte[] Data, CdrSummaryColumns Fields, byte[]? ContentHash);

    private readonly record struct QuarantineRow(int PeerId, int Seq, int Index, long ReceivedAt, string Reason, int Format, byte[] Data);

    private readonly record struct CdrSummaryColumns(int? RecordType, string? ServedImsi, long? ChargingId, long? RecordOpeningTime);

    public PostgresWriterBackend(CgfWriterOptions options, PeerCounters counters)
    {
        _connectionString = options.Location.ConnectionString ?? throw new ArgumentException("no PostgreSQL connection string", nameof(options));
        _nodeId = options.Location.NodeId;
        _counters = counters;
        _retention = options.Retention > TimeSpan.Zero ? new PostgresRetention(options.Retention, options.RetentionChunk) : null;
        Connection();
    }

    public long NowMs { get; set; }

    public bool IsShared => true;

    // A connection lost during COMMIT leaves its outcome unknown: the writer reads its states back.
    public bool OutcomeUnknownAfterFailure => true;

    public bool Indexes => false;

    public bool Retains => _retention is not null;

    private NpgsqlConnection Connection()
    {
        if (_connection is { State: System.Data.ConnectionState.Open })
            return _connection;
        _connection?.Dispose();
        _connection = null;
        _connection = PostgresDatabase.Open(_connectionString);
        return _connection;
    }

    public void Begin()
    {
        ClearBuffers();
        _transaction = Connection().BeginTransaction();
    }

    public void Commit()
    {
        // The counters went with WriteCounters; here only rows and states gathered since.
        Flush(counters: false);
        _transaction!.Commit();
        _transaction.Dispose();
        _transaction = null;
    }

    public void Rollback()
    {
        ClearBuffers();
        try
        {
            _transaction?.Rollback();
        }
        catch (Exception exception) when (PostgresDatabase.IsFailure(exception))
        {
            // The connection broke: the server rolls the transaction back itself.
        }
        finally
        {
            _transaction?.Dispose();
            _transaction = null;
            // A fresh connection for the next batch: this one may be half-way through a protocol exchange, and idle ones
            // in the pool may lead to a server that is gone (Npgsql hands them out unchecked).
            if (_connection is not null)
                NpgsqlConnection.ClearPool(_connection);
            _connection?.Dispose();
            _connection = null;
        }
    }

    public bool IsStorageFailure(Exception exception) => PostgresDatabase.IsFailure(exception);

    public IReadOnlySet<UInt128> CommittedInPool(IReadOnlyCollection<UInt128> hashes)
    {
        var keys = hashes.Select(HashBytes).ToArray();
        var found = new HashSet<UInt128>();
        // The first stored CDR of each request carries the request's content; status 0 is a packet still pending.
        foreach (var hash in Connection().Query<byte[]>(
                     "SELECT content_hash FROM cdrs WHERE content_hash = ANY(@keys) AND status <> 0", new { keys }))
            found.Add(BinaryPrimitives.ReadUInt128BigEndian(hash));
        return found;
    }

    public void StoreRecords(TransferKey key, TransferRequest request, CdrStatus status)
    {
        var stored = 0;
        for (var index = 0; index < request.Records.Count; index++)
        {
            var record = request.Records[index];
            if (record.WellFormed)
            {
                // The looked-up fields at ingest (docs/cgf-pool.md "Schema"): a pool has no single writer to index behind it.
                var summary = StoredCdrFields.Read(request.RecordFormat, record.Data, subscriber: false);
                _cdrs.Add(new CdrRow(key.PeerId, key.SequenceNumber, index, (short)status, request.ReceivedAtMs,
                    status == CdrStatus.Committed ? NowMs : null, request.RecordFormat, record.Data,
                    new CdrSummaryColumns(summary.RecordType, summary.ServedImsi, summary.ChargingId, summary.RecordOpeningTime?.ToUnixTimeMilliseconds()),
                    stored == 0 ? HashBytes(request.ContentHash) : null));
                stored++;
            }
            else
            {
                _quarantine.Add(new QuarantineRow(key.PeerId, key.SequenceNumber, index, request.ReceivedAtMs,
                    record.Problem ?? "not well-formed BER", request.RecordFormat, record.Data));
                _counters.Add(key.PeerId, "quarantined");
            }
        }
        if (stored > 0)
            _counters.Add(key.PeerId, status == CdrStatus.Committed ? "cdrsCommitted" : "cdrsPending", stored);
    }

    public int CommitPending(TransferKey key, bool possiblyDuplicate)
    {
        FlushRows();
        return Connection().Execute(
            possiblyDuplicate
                ? "UPDATE cdrs SET status = 1, possibly_duplicate = 1, committed_at = @now WHERE peer_id = @peer AND seq = @seq AND status = 0"
                : "UPDATE cdrs SET status = 1, committed_at = @now WHERE peer_id = @peer AND seq = @seq AND status = 0",
            new { now = NowMs, peer = key.PeerId, seq = (int)key.SequenceNumber }, _transaction);
    }

    public void DeletePending(TransferKey key)
    {
        FlushRows();
        Connection().Execute("DELETE FROM cdrs WHERE peer_id = @peer AND seq = @seq AND status = 0",
            new { peer = key.PeerId, seq = (int)key.SequenceNumber }, _transaction);
    }

    public void Save(TransferKey key, TransferEntry entry) => _transfers[key] = entry;

    public void WriteCounters() => Flush(counters: true);

    private void Flush(bool counters)
    {
        FlushRows();
        using var batch = new NpgsqlBatch(Connection(), _transaction);
        if (_transfers.Count > 0)
        {
            var count = _transfers.Count;
            var peers = new int[count];
            var seqs = new int[count];
            var kinds = new short[count];
            var states = new short[count];
            var hashes = new byte[count][];
            var received = new long[count];
            var i = 0;
            foreach (var (key, entry) in _transfers)
            {
                peers[i] = key.PeerId;
                seqs[i] = key.SequenceNumber;
                kinds[i] = (short)entry.Kind;
                states[i] = (short)entry.State;
                hashes[i] = HashBytes(entry.Hash);
                received[i] = entry.ReceivedAtMs;
                i++;
            }
            var command = new NpgsqlBatchCommand(
                "INSERT INTO transfers (peer_id, seq, kind, state, content_hash, received_at) " +
                "SELECT * FROM unnest($1::integer[], $2::integer[], $3::smallint[], $4::smallint[], $5::bytea[], $6::bigint[]) " +
                "ON CONFLICT (peer_id, seq) DO UPDATE SET kind = excluded.kind, state = excluded.state, " +
                "content_hash = excluded.content_hash, received_at = excluded.received_at");
            command.Parameters.Add(new NpgsqlParameter { Value = peers });
            command.Parameters.Add(new NpgsqlParameter { Value = seqs });
            command.Parameters.Add(new NpgsqlParameter { Value = kinds });
            command.Parameters.Add(new NpgsqlParameter { Value = states });
            command.Parameters.Add(new NpgsqlParameter { Value = hashes });
            command.Parameters.Add(new NpgsqlParameter { Value = received });
            batch.BatchCommands.Add(command);
            _transfers.Clear();
        }
        if (counters && _counters.Counts.Any())
        {
            var ids = new List<int>();
            var names = new List<string>();
            var values = new List<long>();
            // Key order: two writers never take the same rows' locks in opposite orders.
            foreach (var ((peerId, name), value) in _counters.Counts.OrderBy(c => c.Key.Item1).ThenBy(c => c.Key.Item2, StringComparer.Ordinal))
            {
                ids.Add(peerId);
                names.Add(name);
                values.Add(value);
            }
            var command = new NpgsqlBatchCommand(
                "INSERT INTO peer_counters (peer_id, name, value) SELECT * FROM unnest($1::integer[], $2::text[], $3::bigint[]) " +
                "ON CONFLICT (peer_id, name) DO UPDATE SET value = peer_counters.value + excluded.value");
            command.Parameters.Add(new NpgsqlParameter { Value = ids.ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = names.ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = values.ToArray() });
            batch.BatchCommands.Add(command);
        }
        if (counters && _counters.LastSeen.Any())
        {
            var seen = _counters.LastSeen.OrderBy(s => s.Key).ToArray();
            var command = new NpgsqlBatchCommand(
                "UPDATE peers SET last_seen = GREATEST(peers.last_seen, v.seen) FROM unnest($1::integer[], $2::bigint[]) AS v(id, seen) WHERE peers.id = v.id");
            command.Parameters.Add(new NpgsqlParameter { Value = seen.Select(s => s.Key).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = seen.Select(s => s.Value).ToArray() });
            batch.BatchCommands.Add(command);
        }
        if (batch.BatchCommands.Count > 0)
        {
            // Server-side prepared on this connection once (a no-op after): the statements are the same every batch, and
            // parsing and planning them again cost the server more than running them at one CDR per request.
            batch.Prepare();
            batch.ExecuteNonQuery();
        }
    }

    /// <summary>Sends the buffered CDR and quarantine rows (binary COPY) so that statements that follow see them.</summary>
    private void FlushRows()
    {
        if (_cdrs.Count > 0)
        {
            using (var copy = Connection().BeginRawBinaryCopy(CopyCdrs))
            {
                _copy.Begin();
                foreach (var row in _cdrs)
                {
                    _copy.StartRow(14);
                    _copy.Int32(row.PeerId);
                    _copy.Int32(row.Seq);
                    _copy.Int32(row.Index);
                    _copy.Int16(row.Status);
                    _copy.Int16(0);
                    _copy.Int64(row.ReceivedAt);
                    _copy.Int64(row.CommittedAt);
                    _copy.Int32(row.Format);
                    _copy.Bytes(row.Data);
                    _copy.Int32(row.Fields.RecordType);
                    _copy.Text(row.Fields.ServedImsi);
                    _copy.Int64(row.Fields.ChargingId);
                    _copy.Int64(row.Fields.RecordOpeningTime);
                    _copy.Bytes(row.ContentHash);
                    SendIfFull(copy);
                }
                _copy.End();
                Send(copy);
            }
            _cdrs.Clear();
        }
        if (_quarantine.Count > 0)
        {
            using (var copy = Connection().BeginRawBinaryCopy(
                       "COPY quarantine (peer_id, seq, record_index, received_at, reason, record_format, data) FROM STDIN (FORMAT BINARY)"))
            {
                _copy.Begin();
                foreach (var row in _quarantine)
                {
                    _copy.StartRow(7);
                    _copy.Int32(row.PeerId);
                    _copy.Int32(row.Seq);
                    _copy.Int32(row.Index);
                    _copy.Int64(row.ReceivedAt);
                    _copy.Text(row.Reason);
                    _copy.Int32(row.Format);
                    _copy.Bytes(row.Data);
                    SendIfFull(copy);
                }
                _copy.End();
                Send(copy);
            }
            _quarantine.Clear();
        }
    }

    // A large batch goes out in pieces of about this size rather than whole from one buffer.
    private const int CopyPiece = 256 * 1024;

    private void SendIfFull(Stream copy)
    {
        if (_copy.Length >= CopyPiece)
            Send(copy);
    }

    private void Send(Stream copy)
    {
        copy.Write(_copy.Written.Span);
        _copy.Taken();
    }

    private void ClearBuffers()
    {
        _cdrs.Clear();
        _quarantine.Clear();
        _transfers.Clear();
    }

    public List<(string Peer, int Id)> AddPeers(IReadOnlyList<string> peers, long nowMs)
    {
        var connection = Connection();
        var ids = new List<(string, int)>(peers.Count);
        using var transaction = connection.BeginTransaction();
        foreach (var peer in peers)
        {
            ids.Add((peer, connection.ExecuteScalar<int>(
                "INSERT INTO peers (node_id, address, first_seen, last_seen) VALUES (@node, @peer, @nowMs, @nowMs) " +
                "ON CONFLICT (node_id, address) DO UPDATE SET last_seen = excluded.last_seen RETURNING id",
                new { node = _nodeId, peer, nowMs }, transaction)));
        }
        transaction.Commit();
        return ids;
    }

    public IEnumerable<(long Id, string Address, long LastSeen)> ReadPeers() =>
        Connection().Query<(long, string, long)>("SELECT id, address, last_seen FROM peers WHERE node_id = @node", new { node = _nodeId });

    public void LoadTransfers(TransferLedger ledger)
    {
        var rows = Connection().Query<(int PeerId, int Seq, short Kind, short State, byte[] Hash, long ReceivedAt)>(
            "SELECT t.peer_id, t.seq, t.kind, t.state, t.content_hash, t.received_at FROM transfers t JOIN peers p ON p.id = t.peer_id " +
            "WHERE p.node_id = @node", new { node = _nodeId }, buffered: false);
        foreach (var row in rows)
        {
            ledger.Load(new TransferKey(row.PeerId, (ushort)row.Seq), new TransferEntry(
                BinaryPrimitives.ReadUInt128BigEndian(row.Hash), (TransferKind)row.Kind, (TransferState)row.State, row.ReceivedAt));
        }
    }

    public void AfterBatch()
    {
    }

    public int? IndexNext(int chunk) => 0;

    /// <summary>One retention step (<see cref="PostgresRetention"/>); every CGF of a pool may run it, a row removed by one is simply not found by another.</summary>
    public RetentionStep? RemoveNext(long nowMs)
    {
        try
        {
            return _retention?.RemoveNext(Connection(), nowMs) ?? default(RetentionStep);
        }
        catch (Exception exception) when (PostgresDatabase.IsFailure(exception))
        {
            _connection?.Dispose();
            _connection = null;
            return null;
        }
    }

    private static byte[] HashBytes(UInt128 hash)
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(bytes, hash);
        return bytes;
    }

    public void Dispose()
    {
        _transaction?.Dispose();
        _connection?.Dispose();
    }
}
