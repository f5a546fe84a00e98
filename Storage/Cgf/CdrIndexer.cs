using Dapper;
using Microsoft.Data.Sqlite;

namespace Storage.Cgf;

/// <summary>
/// Fills the lookup tables <c>cdr_index_imsi</c>, <c>cdr_index_charging_id</c> and <c>cdr_index_opening_time</c>
/// behind ingest, decoding the stored record octets itself (StoredCdrFields): ingest stores only the record, so
/// decoding costs the acknowledgement path nothing. Entries go in sorted by key, a chunk at a time: a random
/// IMSI inserted into a b-tree at every group commit dirties a page per CDR, in a chunk of thousands the pages
/// are shared. <c>indexed_through_id</c> marks how far it got; queries decode the rows after it directly.
/// The ingest writer runs it on its own connection whenever nothing is queued (CgfWriter), so indexing
/// never competes with ingest for the SQLite write lock. Entries carry the segment open when they were written
/// (schema v5): a new one opens once the current one is older than the segment span, so retention removes old
/// entries as the first keys of each table (CdrRetention).
/// </summary>
public sealed class CdrIndexer : IDisposable
{
    public const int DefaultChunk = 20_000;
    /// <summary>Wall time one segment of the lookup tables spans: queries seek once per segment kept.</summary>
    public static readonly TimeSpan DefaultSegmentSpan = TimeSpan.FromHours(1);

    private readonly TimeSpan _segmentSpan;

    private readonly SqliteConnection _connection;
    private readonly bool _ownsConnection;
    private readonly List<(string Imsi, long Id)> _imsis = [];
    private readonly List<(long ChargingId, long Id)> _chargingIds = [];
    private readonly List<(long Opened, long Id)> _openingTimes = [];

    /// <summary>An indexer with its own connection (tools, tests; synchronous=NORMAL: the tables are derived data).</summary>
    public CdrIndexer(string path, TimeSpan? segmentSpan = null)
    {
        _segmentSpan = segmentSpan ?? DefaultSegmentSpan;
        _connection = CgfDatabase.Open(path);
        _ownsConnection = true;
        SqliteDatabase.Execute(_connection, "PRAGMA synchronous=NORMAL;");
    }

    /// <summary>The ingest writer's indexer, on its connection, between its transactions.</summary>
    internal CdrIndexer(SqliteConnection connection, TimeSpan segmentSpan)
    {
        _segmentSpan = segmentSpan;
        _connection = connection;
    }

    /// <summary>Indexes the next CDRs after the mark, up to <paramref name="chunk"/>; returns how many rows it covered (0: caught up).</summary>
    public int IndexNext(int chunk = DefaultChunk)
    {
        using var transaction = _connection.BeginTransaction();
        var after = _connection.ExecuteScalar<long>("SELECT value FROM cdr_index_state WHERE key = 'indexed_through_id'", transaction: transaction);
        // The mark only ever rests on a row that is not pending: Cancel deletes only pending rows, and retention
        // never the row holding the highest id (RemovablePrefix), so SQLite (max rowid + 1) never hands out an id at
        // or below the mark again.
        var through = _connection.ExecuteScalar<long?>(
            "SELECT MAX(id) FROM (SELECT id, status FROM cdrs WHERE id > $after ORDER BY id LIMIT $chunk) WHERE status <> 0",
            new { after, chunk }, transaction);
        if (through is not { } mark)
            return 0;
        var segment = CurrentSegment(after, transaction);
        var covered = Decode(after, mark);
        // Key order inside the chunk: neighbouring keys share b-tree pages.
        _imsis.Sort((a, b) => a.Imsi == b.Imsi ? a.Id.CompareTo(b.Id) : string.CompareOrdinal(a.Imsi, b.Imsi));
        _chargingIds.Sort();
        _openingTimes.Sort();
        Insert("INSERT OR IGNORE INTO cdr_index_imsi (segment, served_imsi, cdr_id) VALUES (?3, ?1, ?2)", _imsis, segment);
        Insert("INSERT OR IGNORE INTO cdr_index_charging_id (segment, charging_id, cdr_id) VALUES (?3, ?1, ?2)", _chargingIds, segment);
        Insert("INSERT OR IGNORE INTO cdr_index_opening_time (segment, record_opening_time, cdr_id) VALUES (?3, ?1, ?2)", _openingTimes, segment);
        _connection.Execute("UPDATE cdr_index_state SET value = $mark WHERE key = 'indexed_through_id'", new { mark }, transaction);
        transaction.Commit();
        return covered;
    }

    /// <summary>
    /// The segment this chunk's entries go into: the newest one, or a new one starting at the chunk's first id when
    /// the newest was opened a segment span ago or more. Ids only grow, so segment order is id order.
    /// </summary>
    private long CurrentSegment(long after, SqliteTransaction transaction)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var newest = _connection.QueryFirstOrDefault<(long Segment, long OpenedAt)?>(
            "SELECT segment, opened_at FROM cdr_segments ORDER BY segment DESC LIMIT 1", transaction: transaction);
        if (newest is { } open && now - open.OpenedAt < (long)_segmentSpan.TotalMilliseconds)
            return open.Segment;
        var segment = newest is { } last ? last.Segment + 1 : 0;
        _connection.Execute("INSERT INTO cdr_segments (segment, first_id, opened_at) VALUES ($segment, $first, $now)",
            new { segment, first = after + 1, now }, transaction);
        return segment;
    }

    /// <summary>
    /// Decodes the records in (<paramref name="after"/>, <paramref name="mark"/>] into the key lists; records of other
    /// formats or unknown types give no keys, and the mark passes them all the same. Returns the rows read.
    /// </summary>
    private int Decode(long after, long mark)
    {
        _imsis.Clear();
        _chargingIds.Clear();
        _openingTimes.Clear();
        using var select = new PreparedStatement(_connection, "SELECT id, record_format, data FROM cdrs WHERE id > ?1 AND id <= ?2 ORDER BY id");
        select.Bind(1, after).Bind(2, mark);
        var rows = 0;
        while (select.Read())
        {
            rows++;
            var id = select.GetInt64(0);
            // Decoded where SQLite holds it: no copy of the record per row.
            var summary = StoredCdrFields.Read(select.GetInt64(1), select.GetBlob(2), subscriber: false);
            if (summary.ServedImsi is { } imsi)
                _imsis.Add((imsi, id));
            if (summary.ChargingId is { } chargingId)
                _chargingIds.Add((chargingId, id));
            if (summary.RecordOpeningTime is { } opened)
                _openingTimes.Add((opened.ToUnixTimeMilliseconds(), id));
        }
        return rows;
    }

    private void Insert(string sql, List<(string Key, long Id)> entries, long segment)
    {
        if (entries.Count == 0)
            return;
        using var insert = new PreparedStatement(_connection, sql);
        foreach (var (key, id) in entries)
            insert.Bind(1, key).Bind(2, id).Bind(3, segment).Execute();
    }

    private void Insert(string sql, List<(long Key, long Id)> entries, long segment)
    {
        if (entries.Count == 0)
            return;
        using var insert = new PreparedStatement(_connection, sql);
        foreach (var (key, id) in entries)
            insert.Bind(1, key).Bind(2, id).Bind(3, segment).Execute();
    }

    public void Dispose()
    {
        if (_ownsConnection)
            _connection.Dispose();
    }
}
