using Charging.CdrFiles;
using Dapper;
using Microsoft.Data.Sqlite;
using System.Text;

namespace Storage.Cdf;

/// <summary>
/// The CDF's durable outbox: one SQLite file (WAL, synchronous=FULL) behind one connection. Every
/// method is one transaction and is serialised by a lock, so callers batch their work (group commit).
/// </summary>
public sealed class CdfOutbox : IDisposable
{
    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly WalCheckpointer _checkpointer;
    // The per-row statements of every turn are bound by position (PreparedStatement): at one CDR per request they
    // run for every CDR, and Microsoft.Data.Sqlite's by-name binding (or a JSON array unpacked by json_each) cost
    // more than the rows.
    private readonly PreparedStatement _insertCdr;
    private readonly PreparedStatement _upsertState;
    private readonly PreparedStatement _insertRequest;
    private readonly PreparedStatement _updateRequest;
    private readonly PreparedStatement _deleteRequests;
    private readonly List<(long First, long Last)> _ranges = [];
    private long _nextRequestId;
    private readonly PreparedStatement _deleteCdrs;
    private readonly PreparedStatement _upsertPath;
    private readonly PreparedStatement _setState;
    private readonly PreparedStatement _addState;
    private readonly PreparedStatement _upsertProducerState;
    private readonly PreparedStatement _deleteProducerState;

    /// <param name="walRestartBytes">WAL size past which the WAL starts over (<see cref="WalCheckpointer"/>).</param>
    public CdfOutbox(string path, long walRestartBytes = WalCheckpointer.DefaultRestartBytes)
    {
        Path = path;
        _connection = SqliteDatabase.OpenReadWrite(path);
        try
        {
            SchemaMigrator.Migrate(_connection, CdfSchema.Migrations, "CDF outbox");
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
        // The file-size backstop bounds the WAL even when the checkpoint thread is starved of CPU (a busy host): past
        // four restart sizes the writer finishes the checkpoint itself between two transactions. journal_size_limit
        // makes SQLite truncate the file back to the restart size when the WAL starts over, so its length is the
        // WAL's size and not its high-water mark.
        SqliteDatabase.Execute(_connection, $"PRAGMA journal_size_limit = {walRestartBytes};");
        _checkpointer = new WalCheckpointer(_connection, path, walRestartBytes, WalCheckpointer.DefaultInterval,
            fileLimitBytes: walRestartBytes > long.MaxValue / 4 ? 0 : 4 * walRestartBytes);
        _insertCdr = new PreparedStatement(_connection, "INSERT INTO cdrs (id, enqueued_at, data, record_format) VALUES (?1, ?2, ?3, ?4)");
        _upsertState = new PreparedStatement(_connection,
            "INSERT INTO node_state (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        // CDR ids are given out in process (AUTOINCREMENT: never below anything ever stored).
        NextCdrId = _connection.ExecuteScalar<long>(
            "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'cdrs'), 0), COALESCE((SELECT MAX(id) FROM cdrs), 0)) + 1");
        _insertRequest = new PreparedStatement(_connection,
            "INSERT INTO requests (id, path, seq, command, state, first_cdr, last_cdr, cdr_count, successor_id, presence, cause, created_at, updated_at) " +
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)");
        _updateRequest = new PreparedStatement(_connection,
            "UPDATE requests SET state = ?1, successor_id = ?2, presence = ?3, cause = ?4, updated_at = ?5 WHERE id = ?6");
        // Request ids are given out in order and mostly acknowledged in order: one range delete per run.
        _deleteRequests = new PreparedStatement(_connection, "DELETE FROM requests WHERE id BETWEEN ?1 AND ?2");
        _nextRequestId = _connection.ExecuteScalar<long>("SELECT COALESCE(MAX(id), 0) + 1 FROM requests");
        _deleteCdrs = new PreparedStatement(_connection, "DELETE FROM cdrs WHERE id BETWEEN ?1 AND ?2");
        _upsertPath = new PreparedStatement(_connection,
            "INSERT INTO paths (name, next_seq) VALUES (?1, ?2) ON CONFLICT (name) DO UPDATE SET next_seq = excluded.next_seq");
        _setState = new PreparedStatement(_connection, "UPDATE node_state SET value = ?1 WHERE key = ?2");
        _addState = new PreparedStatement(_connection, "UPDATE node_state SET value = value + ?1 WHERE key = ?2");
        _upsertProducerState = new PreparedStatement(_connection,
            "INSERT INTO producer_state (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        _deleteProducerState = new PreparedStatement(_connection, "DELETE FROM producer_state WHERE key = ?1");
    }

    public string Path { get; }

    /// <summary>The id the next enqueued CDR gets; the delivery loop assigns ids before the commit.</summary>
    public long NextCdrId { get; }

    /// <summary>Queued CDRs (id beyond the last one packed), requests, and next sequence numbers.</summary>
    public OutboxSnapshot Load()
    {
        lock (_gate)
        {
            var assigned = _connection.ExecuteScalar<long>("SELECT value FROM node_state WHERE key = 'assigned_upto'");
            var queued = _connection.Query<(long Id, byte[] Data, long? RecordFormat)>(
                    "SELECT id, data, record_format FROM cdrs WHERE id > @assigned ORDER BY id", new { assigned })
                .Select(r => new QueuedCdr(r.Id, r.Data, Unpack(r.RecordFormat))).ToList();
            var requests = _connection.Query<(long Id, string Path, long Seq, long Command, long State, long First, long Last, long Count, long? Successor, long Presence, long? Cause)>(
                    "SELECT id, path, seq, command, state, first_cdr, last_cdr, cdr_count, successor_id, presence, cause FROM requests ORDER BY id")
                .Select(r => new OutboxRequest
                {
                    Id = r.Id,
                    Path = r.Path,
                    SequenceNumber = (ushort)r.Seq,
                    Command = (byte)r.Command,
                    State = (OutboxRequestState)r.State,
                    FirstCdrId = r.First,
                    LastCdrId = r.Last,
                    CdrCount = (int)r.Count,
                    SuccessorId = r.Successor,
                    Presence = (Presence)r.Presence,
                    Cause = r.Cause is { } c ? (byte)c : null,
                }).ToList();
            var paths = _connection.Query<(string Name, long Seq)>("SELECT name, next_seq FROM paths")
                .ToDictionary(p => p.Name, p => (ushort)p.Seq, StringComparer.Ordinal);
            return new OutboxSnapshot(queued, requests, paths);
        }
    }

    /// <summary>Increments the CDF's restart counter (Recovery IE, mod 256) durably and returns it.</summary>
    public byte IncrementRestartCounter()
    {
        lock (_gate)
        {
            return (byte)_connection.ExecuteScalar<long>(
                "UPDATE node_state SET value = (value + 1) % 256 WHERE key = 'restart_counter' RETURNING value");
        }
    }

    /// <summary>A producer's progress marker stored with its CDRs (e.g. how many <c>--generate</c> made), or 0.</summary>
    public long ReadCheckpoint(string name)
    {
        lock (_gate)
            return _connection.ExecuteScalar<long?>("SELECT value FROM node_state WHERE key = @key", new { key = CheckpointKey(name) }) ?? 0;
    }

    /// <summary>
    /// The producer state rows whose key starts with <paramref name="prefix"/>, in key order: what the last committed
    /// transaction left (<see cref="OutboxChanges.ProducerState"/>).
    /// </summary>
    public List<(string Key, byte[] Value)> LoadProducerState(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        lock (_gate)
        {
            // substr, not LIKE: the prefix may hold '%' or '_'.
            return _connection.Query<(string Key, byte[] Value)>(
                "SELECT key, value FROM producer_state WHERE substr(key, 1, length(@prefix)) = @prefix ORDER BY key", new { prefix }).ToList();
        }
    }

    private static string CheckpointKey(string name) => "checkpoint:" + name;

    /// <summary>
    /// The records of CDR ids [first, last], in id order, and the identifiers of the first (a request's CDRs share
    /// them): to rebuild a request's packet as it was sent.
    /// </summary>
    public OutboxRecords LoadRecords(long first, long last)
    {
        lock (_gate)
        {
            var rows = _connection.Query<(byte[] Data, long? RecordFormat)>(
                "SELECT data, record_format FROM cdrs WHERE id BETWEEN @first AND @last ORDER BY id", new { first, last }).ToList();
            return new OutboxRecords(rows.ConvertAll(r => r.Data), rows.Count > 0 ? Unpack(rows[0].RecordFormat) : null);
        }
    }

    private static CdrRecordFormat? Unpack(long? packed) => packed is { } p ? CdrRecordFormat.Unpack((int)p) : null;

    /// <summary>Applies a batch of the delivery loop's decisions in one durable transaction.</summary>
    public void Apply(OutboxChanges changes)
    {
        if (changes.IsEmpty)
            return;
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            foreach (var cdr in changes.Enqueued)
            {
                _insertCdr.Bind(1, cdr.Id).Bind(2, now).Bind(3, cdr.Data).Bind(4, cdr.RecordFormat?.Pack()).Execute();
            }
            foreach (var (name, value) in changes.Checkpoints)
            {
                _upsertState.Bind(1, CheckpointKey(name)).Bind(2, value).Execute();
            }
            foreach (var row in changes.ProducerState)
            {
                if (row.Value is null)
                    _deleteProducerState.Bind(1, row.Key).Execute();
                else
                    _upsertProducerState.Bind(1, row.Key).Bind(2, row.Value).Execute();
            }
            if (changes.Added.Count > 0)
            {
                foreach (var request in changes.Added)
                    request.Id = _nextRequestId++;
                foreach (var request in changes.Added)
                {
                    _insertRequest.Bind(1, request.Id).Bind(2, request.Path).Bind(3, request.SequenceNumber).Bind(4, request.Command)
                        .Bind(5, (int)request.State).Bind(6, request.FirstCdrId).Bind(7, request.LastCdrId).Bind(8, request.CdrCount)
                        .Bind(9, SyncSuccessor(request)).Bind(10, (int)request.Presence).Bind(11, request.Cause).Bind(12, now)
                        .Execute();
                }
            }
            foreach (var request in changes.Updated)
            {
                _updateRequest.Bind(1, (int)request.State).Bind(2, SyncSuccessor(request)).Bind(3, (int)request.Presence)
                    .Bind(4, request.Cause).Bind(5, now).Bind(6, request.Id).Execute();
            }
            if (changes.Completed.Count > 0)
            {
                foreach (var (first, last) in IdRuns(changes.Completed))
                    _deleteRequests.Bind(1, first).Bind(2, last).Execute();
                // Acknowledged requests mostly carry consecutive CDR ids: one range delete for each run.
                foreach (var (first, last) in MergedRanges(changes.Completed))
                    _deleteCdrs.Bind(1, first).Bind(2, last).Execute();
            }
            foreach (var (name, seq) in changes.NextSequenceNumbers)
            {
                _upsertPath.Bind(1, name).Bind(2, seq).Execute();
            }
            if (changes.AssignedUpTo is { } assigned)
                Set(_setState, "assigned_upto", assigned);
            Add("acknowledged_cdrs", changes.AcknowledgedCdrs);
            Add("parked_requests", changes.ParkedRequests);
            Add("released_packets", changes.ReleasedPackets);
            Add("cancelled_packets", changes.CancelledPackets);
            transaction.Commit();
            _checkpointer.FinishIfDue();
        }
    }

    public CdfOutboxStatus ReadStatus()
    {
        lock (_gate)
            return ReadStatus(_connection);
    }

    /// <summary>Reads the counts of an outbox file through a read-only connection.</summary>
    public static CdfOutboxStatus ReadStatus(string path)
    {
        using var connection = SqliteDatabase.OpenReadOnly(path);
        return ReadStatus(connection);
    }

    private static CdfOutboxStatus ReadStatus(SqliteConnection connection)
    {
        var state = connection.Query<(string Key, long Value)>("SELECT key, value FROM node_state").ToDictionary(s => s.Key, s => s.Value);
        var byState = connection.Query<(long State, long Requests, long Cdrs)>(
            "SELECT state, COUNT(*), SUM(cdr_count) FROM requests WHERE successor_id IS NULL GROUP BY state").ToDictionary(s => s.State);
        var uncertain = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM requests WHERE state = 1");
        var outbox = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM cdrs");
        var queued = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM cdrs WHERE id > @assigned", new { assigned = state["assigned_upto"] });
        long Requests(OutboxRequestState s) => byState.TryGetValue((long)s, out var v) ? v.Requests : 0;
        var parkedCdrs = byState.TryGetValue((long)OutboxRequestState.Parked, out var parked) ? parked.Cdrs : 0;
        return new CdfOutboxStatus(queued, Requests(OutboxRequestState.InFlight), uncertain, Requests(OutboxRequestState.Held),
            Requests(OutboxRequestState.Parked), parkedCdrs, outbox, state["acknowledged_cdrs"], state["released_packets"], state["cancelled_packets"]);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var statement in new[] { _insertCdr, _upsertState, _insertRequest, _updateRequest, _deleteRequests, _deleteCdrs, _upsertPath, _setState, _addState, _upsertProducerState, _deleteProducerState })
                statement.Dispose();
            // Its connection first: the outbox's close is then the last, which checkpoints and removes the WAL.
            _checkpointer.Dispose();
            _connection.Dispose();
        }
    }

    /// <summary>Runs of consecutive request ids (ascending).</summary>
    private List<(long First, long Last)> IdRuns(List<OutboxRequest> requests)
    {
        _ranges.Clear();
        foreach (var request in requests.OrderBy(r => r.Id))
        {
            if (_ranges.Count > 0 && request.Id == _ranges[^1].Last + 1)
                _ranges[^1] = (_ranges[^1].First, request.Id);
            else
                _ranges.Add((request.Id, request.Id));
        }
        return _ranges;
    }

    private List<(long First, long Last)> MergedRanges(List<OutboxRequest> requests)
    {
        _ranges.Clear();
        foreach (var request in requests.OrderBy(r => r.FirstCdrId))
        {
            if (_ranges.Count > 0 && request.FirstCdrId <= _ranges[^1].Last + 1)
                _ranges[^1] = (_ranges[^1].First, Math.Max(_ranges[^1].Last, request.LastCdrId));
            else
                _ranges.Add((request.FirstCdrId, request.LastCdrId));
        }
        return _ranges;
    }

    private static long? SyncSuccessor(OutboxRequest request)
    {
        if (request.Successor is { Id: > 0 } successor)
            request.SuccessorId = successor.Id;
        return request.SuccessorId;
    }

    private void Add(string key, long value)
    {
        if (value != 0)
            Set(_addState, key, value);
    }

    private static void Set(PreparedStatement statement, string key, long value) => statement.Bind(1, value).Bind(2, key).Execute();
}
