using Npgsql;
using Storage.Cgf.PostgreSql;

namespace Cgf.Server.Tests.Postgres;

/// <summary>
/// An empty database with the CGF schema (as the server creates it, PostgresDatabase.Open) in the shared test cluster
/// (PostgresCluster.Shared), one per test, with helpers to write rows by hand.
/// </summary>
internal sealed class ReaderTestDatabase : IDisposable
{
    /// <summary>Null when a server can run here; otherwise why not, for <c>Skip.If</c>.</summary>
    public static string? MissingReason => PostgresCluster.MissingReason;

    public ReaderTestDatabase()
    {
        Name = $"reader_{Guid.NewGuid():N}";
        ConnectionString = PostgresCluster.Shared.CreateDatabase(Name);
        PostgresDatabase.Open(ConnectionString).Dispose();
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>Runs <paramref name="sql"/> (with Dapper parameters) on this database.</summary>
    public void Execute(string sql, object? parameters = null)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        Dapper.SqlMapper.Execute(connection, sql, parameters);
    }

    public T Scalar<T>(string sql, object? parameters = null)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return Dapper.SqlMapper.ExecuteScalar<T>(connection, sql, parameters)!;
    }

    // The database goes with the cluster after the test process: dropping it would first have to close every pooled connection.
    public void Dispose() => NpgsqlConnection.ClearAllPools();
}
