using Microsoft.Data.Sqlite;
using SQLitePCL;
using System.Runtime.InteropServices;

namespace Storage;

/// <summary>
/// A statement prepared once on a <see cref="SqliteConnection"/> and bound by position through SQLitePCL.raw, for
/// per-row statements on a hot path. Microsoft.Data.Sqlite looks every parameter up by name at every execution,
/// which cost more than the row itself for the CDF outbox's request rows. The per-row calls (bind, step, reset) go
/// straight to the e_sqlite3 library SQLitePCL.raw loaded, with the statement's pointer: through SQLitePCL each took
/// and released the statement's SafeHandle, a fifth of the CGF writer's time in managed code at one CDR per request.
/// Runs inside whatever transaction the connection has open; not thread-safe (callers hold the connection's lock).
/// </summary>
public sealed class PreparedStatement : IDisposable
{
    private const int SqliteRow = 100;
    private const int SqliteDone = 101;
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _statement;
    // Valid while _statement is: this type never uses it after Dispose.
    private readonly nint _handle;

    public PreparedStatement(SqliteConnection connection, string sql)
    {
        _connection = connection;
        var rc = raw.sqlite3_prepare_v2(connection.Handle, sql, out _statement);
        if (rc != raw.SQLITE_OK)
        {
            throw Error(rc);
        }
        _handle = _statement.DangerousGetHandle();
    }

    public PreparedStatement Bind(int index, long value)
    {
        Check(Native.BindInt64(_handle, index, value));
        return this;
    }

    public PreparedStatement Bind(int index, long? value) => value is { } v ? Bind(index, v) : BindNull(index);

    public PreparedStatement Bind(int index, ReadOnlySpan<byte> blob)
    {
        // A zero-length span may have no address, which SQLite would bind as NULL, not as an empty blob.
        Check(blob.IsEmpty
            ? Native.BindZeroBlob(_handle, index, 0)
            : Native.BindBlob(_handle, index, in MemoryMarshal.GetReference(blob), blob.Length, Native.Transient));
        return this;
    }

    public PreparedStatement Bind(int index, string text)
    {
        Check(raw.sqlite3_bind_text(_statement, index, text));
        return this;
    }

    public PreparedStatement BindNull(int index)
    {
        Check(Native.BindNull(_handle, index));
        return this;
    }

    /// <summary>Runs the statement to completion and resets it for the next row.</summary>
    public void Execute()
    {
        var rc = Native.Step(_handle);
        Native.Reset(_handle);
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
        var rc = Native.Step(_handle);
        if (rc == SqliteRow)
        {
            return true;
        }
        Native.Reset(_handle);
        if (rc != SqliteDone)
        {
            throw Error(rc);
        }
        return false;
    }

    /// <summary>Resets a statement whose rows were not all read.</summary>
    public void Reset() => Native.Reset(_handle);

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

    /// <summary>
    /// The e_sqlite3 functions SQLitePCL.raw also calls (the same library, already loaded by it), taking the statement
    /// pointer: every argument is blittable, so no marshalling and no SafeHandle reference counting per call.
    /// </summary>
    private static class Native
    {
        private const string Library = "e_sqlite3";

        /// <summary>SQLITE_TRANSIENT: SQLite copies the blob before the call returns.</summary>
        public static readonly nint Transient = -1;

        [DllImport(Library, EntryPoint = "sqlite3_bind_int64")]
        public static extern int BindInt64(nint statement, int index, long value);

        [DllImport(Library, EntryPoint = "sqlite3_bind_blob")]
        public static extern int BindBlob(nint statement, int index, in byte data, int length, nint destructor);

        [DllImport(Library, EntryPoint = "sqlite3_bind_zeroblob")]
        public static extern int BindZeroBlob(nint statement, int index, int length);

        [DllImport(Library, EntryPoint = "sqlite3_bind_null")]
        public static extern int BindNull(nint statement, int index);

        [DllImport(Library, EntryPoint = "sqlite3_step")]
        public static extern int Step(nint statement);

        [DllImport(Library, EntryPoint = "sqlite3_reset")]
        public static extern int Reset(nint statement);
    }
}
