using Dapper;
using Microsoft.Data.Sqlite;

namespace Storage;

/// <summary>Opens SQLite files the way every part of the product needs them: WAL, synchronous=FULL.</summary>
public static class SqliteDatabase
{
    /// <summary>Opens (creating when allowed) a read-write connection with durable settings.</summary>
    /// <param name="pageSize">The page size of a file created now (a power of two, 512-65536); an existing file keeps its own.</param>
    public static SqliteConnection OpenReadWrite(string path, int? pageSize = null)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        // Only takes effect before the first table is created, and must come before the switch to WAL.
        if (pageSize is { } size)
            Execute(connection, $"PRAGMA page_size={size};");
        // An acknowledgement is a promise: FULL makes every commit durable before it returns (WAL + fsync).
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;");
        return connection;
    }

    /// <summary>Opens an existing file read-only (for status and queries while the server runs).</summary>
    public static SqliteConnection OpenReadOnly(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"database '{path}' does not exist", path);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        };
        var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout=10000;");
        return connection;
    }

    internal static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null) =>
        connection.Execute(sql, transaction: transaction);
}
