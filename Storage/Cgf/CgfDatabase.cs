using Dapper;
using Microsoft.Data.Sqlite;

namespace Storage.Cgf;

/// <summary>Opening and start-up chores of the CGF database.</summary>
public static class CgfDatabase
{
    /// <summary>Opens the file read-write, creating and migrating the schema as needed.</summary>
    public static SqliteConnection Open(string path)
    {
        var connection = SqliteDatabase.OpenReadWrite(path);
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
