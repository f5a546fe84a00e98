using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Storage;

/// <summary>
/// A statement prepared once on a <see cref="SqliteConnection"/> and bound by position through SQLitePCL.raw, for
/// per-row statements on a hot path. Microsoft.Data.Sqlite looks every parameter up by name at every execution,
/// which cost more than the row itself for the CDF outbox's request rows. Runs inside whatever transaction the
/// connection has open; not thread-safe (callers hold the connection's lock).
/// </summary>
public sealed class PreparedStatement : IDisposable
{
    private const int SqliteRow = 100;
    private const int SqliteDone = 101;
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _statement;

    public PreparedStatement(SqliteConnection connection, string sql)
    {
        _connection = connection;
        var rc = raw.sqlite3_prepare_v2(connection.Handle, sql, out _statement);
        if (rc != raw.SQLITE_OK)
        {
            throw Error(rc);
        }
    }

    public PreparedStatement Bind(int index, long value)
    {
        Check(raw.sqlite3_bind_int64(_statement, index, value));
        return this;
    }

    public PreparedStatement Bind(int index, long? value) => value is { } v ? Bind(index, v) : BindNull(index);

    public PreparedStatement Bind(int index, ReadOnlySpan<byte> blob)
    {
        Check(raw.sqlite3_bind_blob(_statement, index, blob));
        return this;
    }

    public PreparedStatement Bind(int index, string text)
    {
        Check(raw.sqlite3_bind_text(_statement, index, text));
        return this;
    }

    public PreparedStatement BindNull(int index)
    {
        Check(raw.sqlite3_bind_null(_statement, index));
        return this;
    }

    /// <summary>Runs the statement to completion and resets it for the next row.</summary>
    public void Execute()
    {
        var rc = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (rc != SqliteDone)
        {
            throw Error(rc);
        }
    }

    /// <summary>
    /// Steps to the next result row: true with the row's columns readable (<see cref="GetInt64"/>, <see cref="GetBlob"/>),
    /// false when there are no more, the statement then reset for the next use.
    /// </summary>
    public bool Read()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == SqliteRow)
        {
            return true;
        }
        raw.sqlite3_reset(_statement);
        if (rc != SqliteDone)
        {
            throw Error(rc);
        }
        return false;
    }

    /// <summary>Resets a statement whose rows were not all read.</summary>
    public void Reset() => raw.sqlite3_reset(_statement);

    /// <summary>Column <paramref name="column"/> (from 0) of the current row.</summary>
    public long GetInt64(int column) => raw.sqlite3_column_int64(_statement, column);

    /// <summary>Column <paramref name="column"/> (from 0) of the current row; valid until the next step or reset.</summary>
    public ReadOnlySpan<byte> GetBlob(int column) => raw.sqlite3_column_blob(_statement, column);

    /// <summary>As <see cref="Execute"/>, and returns the rows the statement inserted, updated or deleted.</summary>
    public int ExecuteCountingChanges()
    {
        Execute();
        return raw.sqlite3_changes(_connection.Handle);
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw Error(rc);
        }
    }

    private SqliteException Error(int rc) => new($"SQLite Error {rc}: '{raw.sqlite3_errmsg(_connection.Handle).utf8_to_string()}'.", rc);
}
