using Dapper;
using Microsoft.Data.Sqlite;

namespace Storage.Cgf;

/// <summary>Opening and start-up chores of the CGF database.</summary>
public static class CgfDatabase
{
    /// <summary>
    /// The page size of a CGF database created by this version. Every commit appends each page it changed to the WAL
    /// with two pwrite(2) calls; with 16 KiB pages a group commit of CDRs makes a quarter of the calls of 4 KiB pages
    /// for the same octets, and they were the writer's largest cost at one CDR per request (docs/benchmarks.md).
    /// A database created with another page size keeps it (SQLite cannot change it in WAL mode).
    /// </summary>
    public const int PageSize = 16384;

    /// <summary>Opens the file read-write, creating and migrating the schema as needed.</summary>
    public static SqliteConnection Open(string path)
    {
        var connection = SqliteDatabase.OpenReadWrite(path, PageSize);
        try
        {
            SchemaMigrator.Migrate(connection, CgfSchema.Migrations, "CGF database");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Checks that <paramref name="path"/> is a CGF database before a command reads or exports it: an empty, truncated or
    /// foreign file has no schema version (SQLite reads a short file as an empty database), and opening it read-write
    /// would create a new schema over it.
    /// </summary>
    /// <exception cref="IOException">The file is missing, not an SQLite database, or has no or a newer CGF schema; the message names the path.</exception>
    public static void Verify(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
            throw new FileNotFoundException($"database {full} does not exist (Cgf:Storage:Path)", full);
        int version;
        try
        {
            using var connection = SqliteDatabase.OpenReadOnly(full);
            version = SchemaMigrator.GetUserVersion(connection);
            if (version > 0 && connection.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'node_state'") == 0)
                version = 0;
        }
        catch (SqliteException exception)
        {
            throw new IOException($"{full} is not a CGF database: {exception.Message}", exception);
        }
        if (version == 0)
            throw new IOException($"{full} is not a CGF database (no CGF schema: empty, truncated or another program's file)");
        if (version > CgfSchema.Migrations.Count)
            throw new IOException($"{full} has CGF schema version {version}, newer than this program's {CgfSchema.Migrations.Count}");
    }

    /// <summary>
    /// Increments the restart counter (mod 256, the Recovery IE is one octet) and commits it durably
    /// before the server answers anything (TS 32.295 §6.2.2, docs/gtp-prime.md §5.3).
    /// </summary>
    public static byte IncrementRestartCounter(string path)
    {
        using var connection = Open(path);
        using var transaction = connection.BeginTransaction();
        var value = connection.ExecuteScalar<byte>(
            "UPDATE node_state SET value = (value + 1) % 256 WHERE key = 'restart_counter' RETURNING value;", transaction: transaction);
        transaction.Commit();
        return value;
    }
}
