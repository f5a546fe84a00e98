using Dapper;
using Npgsql;
using System.Collections.Concurrent;
using System.Data.Common;
using System.Net.Sockets;

namespace Storage.Cgf.PostgreSql;

/// <summary>
/// Connections to the CGF database on PostgreSQL: schema created and migrated by the first connection of a process
/// (under an advisory lock, so that the CGFs of a pool starting together migrate once), the restart counter per node.
/// </summary>
public static class PostgresDatabase
{
    // Taken by migrations (transaction-scoped) and by the pool's exporter (session-scoped, ExportLease): any constant
    // the operator's other users of the database are unlikely to pick.
    internal const long MigrationLockKey = 0x43_47_46_4D_49_47; // "CGFMIG"

    private static readonly ConcurrentDictionary<string, bool> Migrated = new(StringComparer.Ordinal);

    /// <summary>Opens a connection, creating and migrating the schema the first time this process opens the database.</summary>
    public static NpgsqlConnection Open(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            connection.Open();
            if (!Migrated.ContainsKey(connectionString))
            {
                Migrate(connection);
                Migrated[connectionString] = true;
            }
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Closes this process's pooled connections to the database: the idle ones now, those still in use when they are
    /// returned. A stopped CGF holds no server connection slot (max_connections) for Npgsql's idle lifetime.
    /// </summary>
    public static void CloseConnections(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        NpgsqlConnection.ClearPool(connection);
    }

    /// <summary>Whether <paramref name="exception"/> is PostgreSQL or the way to it failing (not a bug of ours).</summary>
    public static bool IsFailure(Exception exception) =>
        exception is DbException or IOException or SocketException or TimeoutException or InvalidOperationException;

    /// <summary>"PostgreSQL database cgf at 10.0.0.5:5432,10.0.0.6:5432": what an error line names (never the password).</summary>
    public static string Describe(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            var hosts = builder.Host ?? "localhost";
            var port = builder.Port;
            var where = string.Join(',', hosts.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(h => h.Contains(':') && !h.StartsWith('[') && h.Count(c => c == ':') == 1 ? h : $"{h}:{port}"));
            return $"PostgreSQL database {builder.Database ?? builder.Username ?? "postgres"} at {where}";
        }
        catch (ArgumentException)
        {
            return "PostgreSQL database (connection string not understood)";
        }
    }

    /// <summary>Checks a connection string before it is used: Npgsql's own message names the keyword it does not know.</summary>
    public static string? ConnectionStringProblem(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            return "is required when Cgf:Storage:Provider is PostgreSql";
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return null;
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or KeyNotFoundException)
        {
            return $"is not a PostgreSQL connection string ({exception.Message})";
        }
    }

    /// <summary>Increments this node's restart counter (mod 256, the Recovery IE is one octet) and commits it before anything is answered.</summary>
    public static byte IncrementRestartCounter(string connectionString, string nodeId)
    {
        using var connection = Open(connectionString);
        return (byte)connection.ExecuteScalar<long>(
            "INSERT INTO node_state (node_id, key, value) VALUES (@nodeId, 'restart_counter', 1) " +
            "ON CONFLICT (node_id, key) DO UPDATE SET value = (node_state.value + 1) % 256 RETURNING value", new { nodeId });
    }

    /// <summary>The schema version recorded in the database (0: no CGF schema yet).</summary>
    public static int SchemaVersion(NpgsqlConnection connection) =>
        // Two statements: a query naming a missing table fails at planning, whatever a CASE around it says.
        connection.ExecuteScalar<bool>("SELECT to_regclass('cgf_schema') IS NOT NULL")
            ? connection.ExecuteScalar<int?>("SELECT MAX(version) FROM cgf_schema") ?? 0
            : 0;

    /// <summary>Checks that the database holds a CGF schema this program can read before a command reads or exports it.</summary>
    /// <exception cref="IOException">Unreachable, no CGF schema, or a newer one; the message names the database.</exception>
    public static void Verify(string connectionString)
    {
        int version;
        try
        {
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            version = SchemaVersion(connection);
        }
        catch (Exception exception) when (IsFailure(exception))
        {
            throw new IOException($"cannot reach {Describe(connectionString)} (Cgf:Storage:ConnectionString): {exception.Message}", exception);
        }
        if (version == 0)
            throw new IOException($"{Describe(connectionString)} holds no CGF schema (start the server once to create it)");
        if (version > PostgresSchema.Migrations.Count)
            throw new IOException($"{Describe(connectionString)} has CGF schema version {version}, newer than this program's {PostgresSchema.Migrations.Count}");
    }

    private static void Migrate(NpgsqlConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        connection.Execute("SELECT pg_advisory_xact_lock(@key)", new { key = MigrationLockKey }, transaction);
        connection.Execute("CREATE TABLE IF NOT EXISTS cgf_schema (version INTEGER NOT NULL)", transaction: transaction);
        var current = connection.ExecuteScalar<int?>("SELECT MAX(version) FROM cgf_schema", transaction: transaction) ?? 0;
        var migrations = PostgresSchema.Migrations;
        if (current > migrations.Count)
            throw new InvalidOperationException(
                $"CGF database schema version {current} is newer than this program knows ({migrations.Count}); upgrade the program");
        for (var version = current + 1; version <= migrations.Count; version++)
            connection.Execute(migrations[version - 1], transaction: transaction);
        if (current < migrations.Count)
        {
            connection.Execute("DELETE FROM cgf_schema", transaction: transaction);
            connection.Execute("INSERT INTO cgf_schema (version) VALUES (@version)", new { version = migrations.Count }, transaction);
        }
        transaction.Commit();
    }
}
