using Dapper;
using Microsoft.Data.Sqlite;

namespace Storage.Cgf;

/// <summary>
/// Fills the lookup tables <c>cdr_index_imsi</c>, <c>cdr_index_charging_id</c> and <c>cdr_index_opening_time</c>
/// from the fields the ingest writer stored unindexed, behind it, in chunks sorted by key: a random IMSI
/// inserted into a b-tree at every group commit dirties a page per CDR, in a chunk of thousands the pages
/// are shared. <c>indexed_through_id</c> marks how far it got; queries scan the rows after it directly.
/// The ingest writer runs it on its own connection whenever nothing is queued (CgfWriter), so indexing
/// never competes with ingest for the SQLite write lock.
/// </summary>
public sealed class CdrIndexer : IDisposable
{
    public const int DefaultChunk = 20_000;

    private readonly SqliteConnection _connection;
    private readonly bool _ownsConnection;

    /// <summary>An indexer with its own connection (tools, tests; synchronous=NORMAL: the tables are derived data).</summary>
    public CdrIndexer(string path)
    {
        _connection = CgfDatabase.Open(path);
        _ownsConnection = true;
        SqliteDatabase.Execute(_connection, "PRAGMA synchronous=NORMAL;");
    }

    /// <summary>The ingest writer's indexer, on its connection, between its transactions.</summary>
    internal CdrIndexer(SqliteConnection connection)
    {
        _connection = connection;
    }

    /// <summary>Indexes the next CDRs after the mark, up to <paramref name="chunk"/>; returns how many rows it covered (0: caught up).</summary>
    public int IndexNext(int chunk = DefaultChunk)
    {
        using var transaction = _connection.BeginTransaction();
        var after = _connection.ExecuteScalar<long>("SELECT value FROM cdr_index_state WHERE key = 'indexed_through_id'", transaction: transaction);
        // The mark only ever rests on a row that is not pending: only pending rows are deleted (Cancel), so
        // the row at the mark stays, and SQLite (max rowid + 1) never hands out an id at or below it again.
        var through = _connection.ExecuteScalar<long?>(
            "SELECT MAX(id) FROM (SELECT id, status FROM cdrs WHERE id > $after ORDER BY id LIMIT $chunk) WHERE status <> 0",
            new { after, chunk }, transaction);
        if (through is not { } mark)
            return 0;
        var covered = _connection.ExecuteScalar<int>("SELECT COUNT(*) FROM cdrs WHERE id > $after AND id <= $mark", new { after, mark }, transaction);
        // Key order inside the chunk, all in SQLite: neighbouring keys share b-tree pages.
        var range = new { after, mark };
        _connection.Execute(
            "INSERT OR IGNORE INTO cdr_index_imsi (served_imsi, cdr_id) SELECT served_imsi, id FROM cdrs " +
            "WHERE id > $after AND id <= $mark AND served_imsi IS NOT NULL ORDER BY served_imsi, id", range, transaction);
        _connection.Execute(
            "INSERT OR IGNORE INTO cdr_index_charging_id (charging_id, cdr_id) SELECT charging_id, id FROM cdrs " +
            "WHERE id > $after AND id <= $mark AND charging_id IS NOT NULL ORDER BY charging_id, id", range, transaction);
        _connection.Execute(
            "INSERT OR IGNORE INTO cdr_index_opening_time (record_opening_time, cdr_id) SELECT record_opening_time, id FROM cdrs " +
            "WHERE id > $after AND id <= $mark AND record_opening_time IS NOT NULL ORDER BY record_opening_time, id", range, transaction);
        _connection.Execute("UPDATE cdr_index_state SET value = $mark WHERE key = 'indexed_through_id'", new { mark }, transaction);
        transaction.Commit();
        return covered;
    }

    public void Dispose()
    {
        if (_ownsConnection)
            _connection.Dispose();
    }
}
