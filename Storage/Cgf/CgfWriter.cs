using Charging.GtpPrime;
using Microsoft.Data.Sqlite;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;

namespace Storage.Cgf;

/// <summary>
/// The single writer of the CGF database. Requests are queued; the writer thread takes everything
/// queued (up to <see cref="CgfWriterOptions.MaxBatchRequests"/>) into one transaction, commits it
/// with synchronous=FULL, and only then reports each request's cause: group commit.
/// The per-(peer, sequence number) state behind 252/253/254 answers lives in the table
/// <c>transfers</c> and in a cache owned by this thread, updated only after a commit succeeds.
/// </summary>
public sealed class CgfWriter : IDisposable
{
    private readonly CgfWriterOptions _options;
    private readonly ICgfWriterObserver _observer;
    private readonly ConcurrentQueue<TransferRequest> _queue = new();
    // The writer sleeps on a kernel event, woken only when it said it sleeps: no spinning on 2 cores.
    private readonly AutoResetEvent _wake = new(false);
    private int _sleeping;
    private volatile bool _completing;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Shared with other threads.
    private int _depth;
    private readonly ConcurrentDictionary<string, long> _peerLastSeen = new(StringComparer.Ordinal);

    // Used only by the writer thread.
    private readonly SqliteConnection _connection;
    private readonly WalCheckpointer _checkpointer;
    private readonly Dictionary<string, int> _peerIds = new(StringComparer.Ordinal);
    private readonly Dictionary<TransferKey, TransferEntry> _transfers = new();
    private readonly Dictionary<TransferKey, TransferEntry> _overlay = new();
    private readonly Dictionary<(int PeerId, string Name), long> _counters = new();
    private readonly Dictionary<int, long> _batchLastSeen = new();
    // Bound by position (PreparedStatement): the per-CDR and per-request rows of every batch. Through
    // Microsoft.Data.Sqlite's named parameters they cost more of the writer's time than SQLite's own insert.
    private readonly PreparedStatement _insertCdr;
    private readonly SqliteCommand _insertQuarantine;
    private readonly PreparedStatement _upsertTransfer;
    private readonly SqliteCommand _setTransferState;
    private readonly SqliteCommand _releaseCdrs;
    private readonly SqliteCommand _cancelCdrs;
    private readonly SqliteCommand _expireCdrs;
    private readonly SqliteCommand _noteLateCommits;
    private long _nextMaintenanceMs;
    private readonly CdrIndexer? _indexer;
    private long _nextIndexAttemptMs;
    // How busy ingest keeps the writer: Stopwatch ticks spent in CommitBatch since _shareWindowStart, and the share
    // of the last full window (one second). Indexing waits while it is high (CgfWriterOptions.IndexBelowIngestShare).
    private long _shareWindowStart;
    private long _ingestTicks;
    private long _indexTicks;
    private double _ingestShare;
    private bool _indexDeferred;

    public CgfWriter(CgfWriterOptions options, ICgfWriterObserver observer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchRequests, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.IndexBelowIngestShare, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.IndexBelowIngestShare, 1);
        _options = options;
        _observer = observer;
        _connection = CgfDatabase.Open(options.Path);
        if (options.MaxDatabaseBytes > 0)
            LimitSize(options.MaxDatabaseBytes);
        LoadState();
        _checkpointer = new WalCheckpointer(_connection, options.Path, options.WalRestartBytes, options.CheckpointInterval);

        _insertCdr = new PreparedStatement(_connection,
            // Only the record and what export needs (schema v4): the idle-time indexer decodes the fields the query uses.
            "INSERT INTO cdrs (peer_id, seq, record_index, status, possibly_duplicate, received_at, committed_at, record_format, data) " +
            "VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6, ?7, ?8)");
        _insertQuarantine = Prepare(
            "INSERT INTO quarantine (peer_id, seq, record_index, received_at, reason, record_format, data) " +
            "VALUES ($peer, $seq, $idx, $received, $reason, $format, $data)",
            "$peer", "$seq", "$idx", "$received", "$reason", "$format", "$data");
        _upsertTransfer = new PreparedStatement(_connection,
            "INSERT INTO transfers (peer_id, seq, kind, state, content_hash, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) " +
            "ON CONFLICT (peer_id, seq) DO UPDATE SET kind = excluded.kind, state = excluded.state, " +
            "content_hash = excluded.content_hash, received_at = excluded.received_at");
        _setTransferState = Prepare(
            "UPDATE transfers SET state = $state WHERE peer_id = $peer AND seq = $seq",
            "$state", "$peer", "$seq");
        _releaseCdrs = Prepare(
            "UPDATE cdrs SET status = 1, committed_at = $now WHERE peer_id = $peer AND seq = $seq AND status = 0",
            "$now", "$peer", "$seq");
        _cancelCdrs = Prepare(
            "DELETE FROM cdrs WHERE peer_id = $peer AND seq = $seq AND status = 0",
            "$peer", "$seq");
        _expireCdrs = Prepare(
            "UPDATE cdrs SET status = 1, possibly_duplicate = 1, committed_at = $now WHERE peer_id = $peer AND seq = $seq AND status = 0",
            "$now", "$peer", "$seq");
        // Pending CDRs that become committed (released or hold-expired) are recorded for the exporter, which
        // finds CDRs committed on arrival by a rowid scan above its cursor (no index on cdrs for export).
        _noteLateCommits = Prepare(
            "INSERT OR IGNORE INTO late_commits (cdr_id) SELECT id FROM cdrs WHERE peer_id = $peer AND seq = $seq AND status = 0",
            "$peer", "$seq");

        _nextMaintenanceMs = NowMs();
        _indexer = options.IndexChunk > 0 ? new CdrIndexer(_connection) : null;
        _shareWindowStart = Stopwatch.GetTimestamp();
        _thread = new Thread(Run) { Name = "cgf-writer", IsBackground = true };
        _thread.Start();
    }

    /// <summary>Requests queued and not yet taken into a transaction.</summary>
    public int QueueDepth => Volatile.Read(ref _depth);

    /// <summary>Completes when the writer has drained its queue after <see cref="Complete"/>.</summary>
    public Task Stopped => _stopped.Task;

    /// <summary>Queues a request; false once the writer is completing.</summary>
    public bool TryEnqueue(TransferRequest request)
    {
        if (_completing)
            return false;
        request.EnqueuedTimestamp = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _depth);
        _queue.Enqueue(request);
        if (Volatile.Read(ref _sleeping) == 1 && Interlocked.Exchange(ref _sleeping, 0) == 1)
            Wake();
        return true;
    }

    private void Wake()
    {
        try
        {
            _wake.Set();
        }
        catch (ObjectDisposedException)
        {
            // The writer already stopped.
        }
    }

    /// <summary>No more requests: the writer commits what is queued, then stops.</summary>
    public void Complete()
    {
        _completing = true;
        Wake();
    }

    /// <summary>Peers (address text) with a Data Record Transfer Request committed since <paramref name="sinceMs"/>.</summary>
    public IReadOnlyList<string> PeersActiveSince(long sinceMs) =>
        _peerLastSeen.Where(p => p.Value >= sinceMs).Select(p => p.Key).ToList();

    public void Dispose()
    {
        Complete();
        _thread.Join();
    }

    private void Run()
    {
        var batch = new List<TransferRequest>(Math.Min(_options.MaxBatchRequests, 4096));
        var backoff = TimeSpan.Zero;
        try
        {
            while (true)
            {
                batch.Clear();
                while (batch.Count < _options.MaxBatchRequests && _queue.TryDequeue(out var request))
                    batch.Add(request);

                if (batch.Count == 0)
                {
                    if (_completing)
                        break;
                    RunMaintenanceIfDue();
                    if (IndexWhileIdle())
                        continue;
                    // Announce the sleep, then look once more so an enqueue in between is not missed. Indexing held
                    // back by load is looked at again after one share window, not a whole maintenance interval.
                    Volatile.Write(ref _sleeping, 1);
                    if (_queue.IsEmpty && !_completing)
                        _wake.WaitOne(_indexDeferred && _options.MaintenanceInterval > ShareWindow ? ShareWindow : _options.MaintenanceInterval);
                    Volatile.Write(ref _sleeping, 0);
                    continue;
                }

                Interlocked.Add(ref _depth, -batch.Count);
                var committed = CommitBatch(batch);
                // After the batch is answered, never inside its commit.
                _checkpointer.FinishIfDue();
                backoff = committed ? TimeSpan.Zero : NextBackoff(backoff);
                if (backoff > TimeSpan.Zero)
                    Thread.Sleep(backoff);
                RunMaintenanceIfDue();
            }
        }
        finally
        {
            DisposeCommands();
            // Its connection first: the writer's close is then the last, which checkpoints and removes the WAL.
            _checkpointer.Dispose();
            _connection.Dispose();
            _wake.Dispose();
            _stopped.TrySetResult();
        }
    }

    private static readonly TimeSpan ShareWindow = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Nothing queued: fill the CDR lookup tables by one short chunk (CdrIndexer) and return true, so the loop
    /// looks at the queue again before the next chunk. Ingest comes first: as the only writer this thread never
    /// waits for the SQLite lock behind an indexer, and it indexes only while ingest leaves it spare time, because
    /// under saturating load the gaps between group commits are short and every chunk taken there delays the next
    /// commit (measured: 50 CDRs per request lost about 15 %). On failure, tries again a maintenance interval later.
    /// </summary>
    private bool IndexWhileIdle()
    {
        if (_indexer is null || QueueDepth > 0 || !_queue.IsEmpty || NowMs() < _nextIndexAttemptMs)
            return false;
        var now = Stopwatch.GetTimestamp();
        var elapsed = now - _shareWindowStart;
        if (elapsed >= ShareWindow.TotalSeconds * Stopwatch.Frequency)
        {
            _ingestShare = IngestShare(_ingestTicks, _indexTicks, elapsed);
            _ingestTicks = 0;
            _indexTicks = 0;
            _shareWindowStart = now;
        }
        _indexDeferred = _ingestShare >= _options.IndexBelowIngestShare;
        if (_indexDeferred)
            return false;
        var started = Stopwatch.GetTimestamp();
        try
        {
            // Derived data: the chunk's commit need not wait for fsync; the next ingest commit (FULL) syncs the WAL.
            SqliteDatabase.Execute(_connection, "PRAGMA synchronous=NORMAL;");
            return _indexer.IndexNext(_options.IndexChunk) > 0;
        }
        catch (Exception exception) when (exception is SqliteException or IOException or InvalidOperationException)
        {
            _nextIndexAttemptMs = NowMs() + (long)_options.MaintenanceInterval.TotalMilliseconds;
            return false;
        }
        finally
        {
            // Not caught: a writer that cannot make its commits durable again must not acknowledge anything.
            SqliteDatabase.Execute(_connection, "PRAGMA synchronous=FULL;");
            _indexTicks += Stopwatch.GetTimestamp() - started;
        }
    }

    /// <summary>
    /// The share of the writer's time ingest took, of the time it did not spend indexing: time spent indexing is
    /// time ingest could not use, so counting it would read a writer held back by its own indexing as one with spare
    /// capacity and keep it indexing (seen at 1 CDR per request: throughput halved, the writer indexing in every gap).
    /// </summary>
    internal static double IngestShare(long ingestTicks, long indexTicks, long elapsedTicks) =>
        (double)ingestTicks / Math.Max(1, elapsedTicks - indexTicks);

    private static TimeSpan NextBackoff(TimeSpan current) =>
        current == TimeSpan.Zero ? TimeSpan.FromMilliseconds(50) : TimeSpan.FromTicks(Math.Min(current.Ticks * 2, TimeSpan.FromSeconds(2).Ticks));

    private bool CommitBatch(List<TransferRequest> batch)
    {
        var started = Stopwatch.GetTimestamp();
        var committed = false;
        _overlay.Clear();
        _counters.Clear();
        _batchLastSeen.Clear();
        SqliteTransaction? transaction = null;
        try
        {
            EnsurePeers(batch);
            transaction = _connection.BeginTransaction();
            SetTransaction(transaction);
            var now = NowMs();
            foreach (var request in batch)
            {
                var peerId = _peerIds[request.Peer];
                request.Result = Apply(request, peerId, now);
                Count(peerId, KindCounter(request.Kind));
                Count(peerId, CauseCounter(request.Result));
                _batchLastSeen[peerId] = now;
            }
            WriteCounters(transaction);
            transaction.Commit();
            committed = true;
            foreach (var (key, entry) in _overlay)
                _transfers[key] = entry;
            foreach (var request in batch)
                _peerLastSeen[request.Peer] = now;
        }
        catch (Exception exception) when (exception is SqliteException or IOException or InvalidOperationException)
        {
            // Disk full, I/O error, locked file: nothing of this batch is acknowledged; the cache is untouched.
            TryRollback(transaction);
            foreach (var request in batch)
                request.Result = GtpPrimeCause.NoResourcesAvailable;
            _observer.OnStorageError(exception);
        }
        finally
        {
            transaction?.Dispose();
        }
        _ingestTicks += Stopwatch.GetTimestamp() - started;
        _observer.OnBatchCompleted(batch, Stopwatch.GetElapsedTime(started), committed);
        return committed;
    }

    private GtpPrimeCause Apply(TransferRequest request, int peerId, long now)
    {
        var key = new TransferKey(peerId, request.SequenceNumber);
        var known = TryGetEntry(key, out var existing);
        switch (request.Kind)
        {
            case TransferKind.TestPacket:
                // Reference §5.6 (inferred): 252 if this CGF committed that packet, 128 if not. Nothing stored.
                return known && existing.IsCommittedData
                    ? GtpPrimeCause.PossiblyDuplicatedRequestAlreadyFulfilled
                    : GtpPrimeCause.RequestAccepted;

            case TransferKind.Send:
            case TransferKind.SendPossiblyDuplicated:
                if (known && existing.Hash == request.ContentHash &&
                    existing.Kind is TransferKind.Send or TransferKind.SendPossiblyDuplicated &&
                    existing.State != TransferState.Cancelled)
                {
                    if (request.Kind == TransferKind.SendPossiblyDuplicated && existing.IsCommittedData)
                        return GtpPrimeCause.PossiblyDuplicatedRequestAlreadyFulfilled;
                    return GtpPrimeCause.RequestAlreadyFulfilled;
                }
                // Same number, other content: the sequence space wrapped, so this is a new request.
                if (known && existing.State == TransferState.Pending)
                    ExpirePending(key, existing, now);
                var status = request.Kind == TransferKind.Send ? CdrStatus.Committed : CdrStatus.Pending;
                var allWellFormed = StoreRecords(request, peerId, status, now);
                SetEntry(key, new TransferEntry(request.ContentHash, request.Kind,
                    status == CdrStatus.Committed ? TransferState.Committed : TransferState.Pending, request.ReceivedAtMs));
                return allWellFormed ? GtpPrimeCause.RequestAccepted : GtpPrimeCause.CdrDecodingError;

            case TransferKind.Release:
            case TransferKind.Cancel:
                if (known && existing.Kind == request.Kind && existing.Hash == request.ContentHash)
                    return GtpPrimeCause.RequestAlreadyFulfilled;
                // All or nothing: any number that is not a pending packet of this peer → 254, nothing changes.
                foreach (var sequence in request.Sequences)
                {
                    if (!TryGetEntry(new TransferKey(peerId, sequence), out var target) || target.State != TransferState.Pending)
                        return GtpPrimeCause.SequenceNumbersOfReleasedOrCancelledPacketsIncorrect;
                }
                foreach (var sequence in request.Sequences)
                {
                    var targetKey = new TransferKey(peerId, sequence);
                    if (!TryGetEntry(targetKey, out var target) || target.State != TransferState.Pending)
                        continue; // listed twice
                    if (request.Kind == TransferKind.Release)
                        Resolve(targetKey, target, TransferState.Committed, _releaseCdrs, now);
                    else
                        Resolve(targetKey, target, TransferState.Cancelled, _cancelCdrs, now);
                }
                // The request's own number may still hold a pending packet (wrapped sequence space): flag it, never drop it.
                if (TryGetEntry(key, out var own) && own.State == TransferState.Pending)
                    ExpirePending(key, own, now);
                SetEntry(key, new TransferEntry(request.ContentHash, request.Kind, TransferState.Committed, request.ReceivedAtMs));
                return GtpPrimeCause.RequestAccepted;

            default:
                return GtpPrimeCause.MandatoryIeIncorrect;
        }
    }

    private bool StoreRecords(TransferRequest request, int peerId, CdrStatus status, long now)
    {
        var allWellFormed = true;
        var stored = 0;
        for (var index = 0; index < request.Records.Count; index++)
        {
            var record = request.Records[index];
            if (record.WellFormed)
            {
                _insertCdr.Bind(1, peerId).Bind(2, request.SequenceNumber).Bind(3, index).Bind(4, (int)status)
                    .Bind(5, request.ReceivedAtMs).Bind(6, status == CdrStatus.Committed ? now : null).Bind(7, request.RecordFormat)
                    .Bind(8, record.Data).Execute();
                stored++;
            }
            else
            {
                allWellFormed = false;
                var p = _insertQuarantine.Parameters;
                p[0].Value = peerId;
                p[1].Value = (int)request.SequenceNumber;
                p[2].Value = index;
                p[3].Value = request.ReceivedAtMs;
                p[4].Value = record.Problem ?? "not well-formed BER";
                p[5].Value = request.RecordFormat;
                p[6].Value = record.Data;
                _insertQuarantine.ExecuteNonQuery();
                Count(peerId, "quarantined");
            }
        }
        if (stored > 0)
            Count(peerId, status == CdrStatus.Committed ? "cdrsCommitted" : "cdrsPending", stored);
        return allWellFormed;
    }

    private void Resolve(TransferKey key, TransferEntry entry, TransferState state, SqliteCommand cdrCommand, long now)
    {
        var p = cdrCommand.Parameters;
        var i = 0;
        if (p.Count == 3)
            p[i++].Value = now;
        p[i++].Value = key.PeerId;
        p[i].Value = (int)key.SequenceNumber;
        if (state == TransferState.Committed)
            NoteLateCommits(key);
        cdrCommand.ExecuteNonQuery();
        SetState(key, entry with { State = state });
    }

    private int ExpirePending(TransferKey key, TransferEntry entry, long now)
    {
        var p = _expireCdrs.Parameters;
        p[0].Value = now;
        p[1].Value = key.PeerId;
        p[2].Value = (int)key.SequenceNumber;
        NoteLateCommits(key);
        var cdrs = _expireCdrs.ExecuteNonQuery();
        SetState(key, entry with { State = TransferState.CommittedPossiblyDuplicate });
        return cdrs;
    }

    private void NoteLateCommits(TransferKey key)
    {
        var p = _noteLateCommits.Parameters;
        p[0].Value = key.PeerId;
        p[1].Value = (int)key.SequenceNumber;
        _noteLateCommits.ExecuteNonQuery();
    }

    private void SetState(TransferKey key, TransferEntry entry)
    {
        var p = _setTransferState.Parameters;
        p[0].Value = (int)entry.State;
        p[1].Value = key.PeerId;
        p[2].Value = (int)key.SequenceNumber;
        _setTransferState.ExecuteNonQuery();
        _overlay[key] = entry;
    }

    private void SetEntry(TransferKey key, TransferEntry entry)
    {
        Span<byte> hash = stackalloc byte[16];
        BinaryPrimitives.WriteUInt128BigEndian(hash, entry.Hash);
        _upsertTransfer.Bind(1, key.PeerId).Bind(2, key.SequenceNumber).Bind(3, (int)entry.Kind).Bind(4, (int)entry.State)
            .Bind(5, hash).Bind(6, entry.ReceivedAtMs).Execute();
        _overlay[key] = entry;
    }

    private bool TryGetEntry(TransferKey key, out TransferEntry entry) =>
        _overlay.TryGetValue(key, out entry) || _transfers.TryGetValue(key, out entry);

    /// <summary>Commits pending packets older than the hold time with the possibly-duplicate flag.</summary>
    private void RunMaintenanceIfDue()
    {
        var now = NowMs();
        if (now < _nextMaintenanceMs)
            return;
        _nextMaintenanceMs = now + (long)_options.MaintenanceInterval.TotalMilliseconds;
        var cutoff = now - (long)_options.PossiblyDuplicateHoldTime.TotalMilliseconds;
        var expired = new List<TransferKey>();
        foreach (var (key, entry) in _transfers)
        {
            if (entry.State == TransferState.Pending && entry.ReceivedAtMs <= cutoff)
                expired.Add(key);
        }
        if (expired.Count == 0)
            return;

        _overlay.Clear();
        SqliteTransaction? transaction = null;
        try
        {
            transaction = _connection.BeginTransaction();
            SetTransaction(transaction);
            var cdrs = 0;
            foreach (var key in expired)
                cdrs += ExpirePending(key, _transfers[key], now);
            transaction.Commit();
            foreach (var (key, entry) in _overlay)
                _transfers[key] = entry;
            _observer.OnHoldExpired(expired.Count, cdrs);
        }
        catch (Exception exception) when (exception is SqliteException or IOException or InvalidOperationException)
        {
            TryRollback(transaction);
            _observer.OnStorageError(exception);
        }
        finally
        {
            transaction?.Dispose();
            _overlay.Clear();
        }
    }

    private void EnsurePeers(List<TransferRequest> batch)
    {
        List<string>? missing = null;
        foreach (var request in batch)
        {
            if (!_peerIds.ContainsKey(request.Peer) && !(missing ??= []).Contains(request.Peer))
                missing.Add(request.Peer);
        }
        if (missing is null)
            return;
        // New peers commit on their own: harmless if the batch that follows fails.
        using var transaction = _connection.BeginTransaction();
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            "INSERT INTO peers (address, first_seen, last_seen) VALUES ($a, $t, $t) " +
            "ON CONFLICT (address) DO UPDATE SET last_seen = excluded.last_seen RETURNING id";
        var address = command.Parameters.Add("$a", SqliteType.Text);
        command.Parameters.AddWithValue("$t", NowMs());
        var ids = new List<(string, int)>();
        foreach (var peer in missing)
        {
            address.Value = peer;
            ids.Add((peer, Convert.ToInt32(command.ExecuteScalar())));
        }
        transaction.Commit();
        foreach (var (peer, id) in ids)
            _peerIds[peer] = id;
    }

    private void WriteCounters(SqliteTransaction transaction)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            "INSERT INTO peer_counters (peer_id, name, value) VALUES ($p, $n, $v) " +
            "ON CONFLICT (peer_id, name) DO UPDATE SET value = value + excluded.value";
        var peer = command.Parameters.Add("$p", SqliteType.Integer);
        var name = command.Parameters.Add("$n", SqliteType.Text);
        var value = command.Parameters.Add("$v", SqliteType.Integer);
        foreach (var ((peerId, counter), count) in _counters)
        {
            peer.Value = peerId;
            name.Value = counter;
            value.Value = count;
            command.ExecuteNonQuery();
        }
        command.Parameters.Clear();
        command.CommandText = "UPDATE peers SET last_seen = $t WHERE id = $p";
        var time = command.Parameters.Add("$t", SqliteType.Integer);
        peer = command.Parameters.Add("$p", SqliteType.Integer);
        foreach (var (peerId, seen) in _batchLastSeen)
        {
            time.Value = seen;
            peer.Value = peerId;
            command.ExecuteNonQuery();
        }
    }

    private void Count(int peerId, string name, long by = 1)
    {
        _counters.TryGetValue((peerId, name), out var value);
        _counters[(peerId, name)] = value + by;
    }

    private static string KindCounter(TransferKind kind) => kind switch
    {
        TransferKind.Send => "send",
        TransferKind.SendPossiblyDuplicated => "sendPossiblyDuplicated",
        TransferKind.TestPacket => "testPacket",
        TransferKind.Release => "release",
        TransferKind.Cancel => "cancel",
        _ => "other",
    };

    private static readonly string[] CauseCounters = Enumerable.Range(0, 256).Select(c => $"cause{c}").ToArray();

    private static string CauseCounter(GtpPrimeCause cause) => CauseCounters[(byte)cause];

    private void LoadState()
    {
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT id, address, last_seen FROM peers";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                _peerIds[reader.GetString(1)] = reader.GetInt32(0);
                _peerLastSeen[reader.GetString(1)] = reader.GetInt64(2);
            }
        }
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = "SELECT peer_id, seq, kind, state, content_hash, received_at FROM transfers";
            using var reader = command.ExecuteReader();
            var hash = new byte[16];
            while (reader.Read())
            {
                reader.GetBytes(4, 0, hash, 0, 16);
                _transfers[new TransferKey(reader.GetInt32(0), (ushort)reader.GetInt32(1))] = new TransferEntry(
                    BinaryPrimitives.ReadUInt128BigEndian(hash), (TransferKind)reader.GetInt32(2),
                    (TransferState)reader.GetInt32(3), reader.GetInt64(5));
            }
        }
    }

    private void LimitSize(long maxBytes)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA page_size;";
        var pageSize = Convert.ToInt64(command.ExecuteScalar());
        command.CommandText = $"PRAGMA max_page_count = {Math.Max(1, maxBytes / pageSize)};";
        command.ExecuteNonQuery();
    }

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        return command;
    }

    private void SetTransaction(SqliteTransaction transaction)
    {
        _insertQuarantine.Transaction = transaction;
        _setTransferState.Transaction = transaction;
        _releaseCdrs.Transaction = transaction;
        _cancelCdrs.Transaction = transaction;
        _expireCdrs.Transaction = transaction;
        _noteLateCommits.Transaction = transaction;
    }

    private void DisposeCommands()
    {
        _insertCdr.Dispose();
        _insertQuarantine.Dispose();
        _upsertTransfer.Dispose();
        _setTransferState.Dispose();
        _releaseCdrs.Dispose();
        _cancelCdrs.Dispose();
        _expireCdrs.Dispose();
        _noteLateCommits.Dispose();
    }

    private static void TryRollback(SqliteTransaction? transaction)
    {
        try
        {
            transaction?.Rollback();
        }
        catch (Exception exception) when (exception is SqliteException or InvalidOperationException)
        {
            // The connection already rolled back (e.g. SQLITE_FULL aborts the transaction itself).
        }
    }

    private static long NowMs() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
