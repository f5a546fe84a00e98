using Npgsql;

namespace Cgf.Server.Tests.Postgres;

/// <summary>
/// The PostgreSQL test fixture (tests/Shared/PostgresCluster.cs) against real servers: what storage tests rely on, a durable
/// server, an empty database each, and a synchronous standby that has every acknowledged commit when the primary is lost.
/// </summary>
public sealed class PostgresClusterTests
{
    [SkippableFact]
    public async Task StartedClusterStoresRowsWithFsyncAndSynchronousCommitOn()
    {
        Skip.If(PostgresCluster.MissingReason is not null, PostgresCluster.MissingReason);
        using var cluster = PostgresCluster.Start();

        await using var connection = new NpgsqlConnection(cluster.ConnectionString);
        await connection.OpenAsync();
        await ExecuteAsync(connection, "CREATE TABLE cdr (id bigint PRIMARY KEY, payload bytea NOT NULL)");
        await ExecuteAsync(connection, "INSERT INTO cdr VALUES (1, '\\x0102'), (2, '\\x03')");

        Assert.Equal(2L, await ScalarAsync(connection, "SELECT count(*) FROM cdr"));
        Assert.Equal("on", await ScalarAsync(connection, "SHOW fsync"));
        Assert.Equal("on", await ScalarAsync(connection, "SHOW synchronous_commit"));
        Assert.Equal("2", cluster.Psql("SELECT count(*) FROM cdr"));
    }

    [SkippableFact]
    public void ClusterThatCannotStartSaysWhyFromTheServerLog()
    {
        Skip.If(PostgresCluster.MissingReason is not null, PostgresCluster.MissingReason);

        var error = Assert.Throws<InvalidOperationException>(() => PostgresCluster.Start("no_such_setting = 1"));

        Assert.Contains("unrecognized configuration parameter \"no_such_setting\"", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task SharedClusterGivesEachTestAnEmptyDatabaseOfItsOwn()
    {
        Skip.If(PostgresCluster.MissingReason is not null, PostgresCluster.MissingReason);
        var first = PostgresCluster.Shared.CreateDatabase(UniqueName());
        var second = PostgresCluster.Shared.CreateDatabase(UniqueName());

        await using (var connection = new NpgsqlConnection(first))
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, "CREATE TABLE cdr (id bigint PRIMARY KEY)");
        }

        await using (var connection = new NpgsqlConnection(second))
        {
            await connection.OpenAsync();
            Assert.Equal(0L, await ScalarAsync(connection, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
        }

        Assert.Throws<ArgumentException>(() => PostgresCluster.Shared.CreateDatabase("no; such"));
    }

    [SkippableFact]
    public async Task RowCommittedBeforeThePostmasterIsKilledIsThereAfterRestart()
    {
        Skip.If(PostgresCluster.MissingReason is not null, PostgresCluster.MissingReason);
        using var cluster = PostgresCluster.Start();
        cluster.Psql("CREATE TABLE cdr (id bigint PRIMARY KEY)");
        cluster.Psql("INSERT INTO cdr VALUES (7)");

        cluster.KillPostmaster();
        Assert.Throws<InvalidOperationException>(() => cluster.Psql("SELECT 1"));
        cluster.Restart();

        await using var connection = await OpenAsync(cluster.ConnectionString);
        Assert.Equal(7L, await ScalarAsync(connection, "SELECT id FROM cdr"));
        Assert.Contains("database system was interrupted", cluster.Log, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task RowCommittedOnThePrimaryIsOnTheStandbyPromotedAfterThePrimaryIsKilled()
    {
        Skip.If(PostgresCluster.MissingReason is not null, PostgresCluster.MissingReason);
        using var primary = PostgresCluster.Start();
        using var standby = primary.AddSynchronousStandby();
        Assert.Equal("standby1|sync", primary.Psql("SELECT application_name, sync_state FROM pg_stat_replication", "postgres"));

        await using (var connection = new NpgsqlConnection(primary.ConnectionString))
        {
            await connection.OpenAsync();
            await ExecuteAsync(connection, "CREATE TABLE cdr (id bigint PRIMARY KEY)");
            await ExecuteAsync(connection, "INSERT INTO cdr VALUES (42)");
        }

        primary.KillPostmaster();
        // Not from the pool, which still holds the connection above as if nothing had happened.
        var unpooled = new NpgsqlConnectionStringBuilder(primary.ConnectionString) { Pooling = false }.ConnectionString;
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => OpenAsync(unpooled));
        standby.Promote();

        await using (var connection = new NpgsqlConnection(standby.ConnectionString))
        {
            await connection.OpenAsync();
            Assert.Equal(42L, await ScalarAsync(connection, "SELECT id FROM cdr"));
            await ExecuteAsync(connection, "INSERT INTO cdr VALUES (43)");
            Assert.Equal(2L, await ScalarAsync(connection, "SELECT count(*) FROM cdr"));
        }
    }

    [SkippableFact]
    public async Task MultiHostConnectionStringReachesThePromotedStandbyAfterThePrimaryIsKilled()
    {
        Skip.If(PostgresCluster.MissingReason is not null, PostgresCluster.MissingReason);
        using var primary = PostgresCluster.Start();
        using var standby = primary.AddSynchronousStandby();
        var both = PostgresCluster.MultiHostConnectionString(primary, standby);
        Assert.Contains($"Host=127.0.0.1:{primary.Port},127.0.0.1:{standby.Port};", both, StringComparison.Ordinal);

        await using (var connection = await OpenAsync(both))
        {
            Assert.Equal(primary.Port, await ScalarAsync(connection, "SELECT inet_server_port()"));
            await ExecuteAsync(connection, "CREATE TABLE cdr (id bigint PRIMARY KEY)");
            await ExecuteAsync(connection, "INSERT INTO cdr VALUES (1)");
        }

        primary.KillPostmaster();
        standby.Promote();

        // The same connection string, as an application reconnecting after losing its primary would use it. Its pool still
        // holds the idle connection to the dead primary (Npgsql hands it out unchecked; the first command would break it).
        await using (var stale = new NpgsqlConnection(both))
        {
            NpgsqlConnection.ClearPool(stale);
        }

        await using (var connection = await OpenAsync(both))
        {
            Assert.Equal(standby.Port, await ScalarAsync(connection, "SELECT inet_server_port()"));
            Assert.Equal(false, await ScalarAsync(connection, "SELECT pg_is_in_recovery()"));
            await ExecuteAsync(connection, "INSERT INTO cdr VALUES (2)");
            Assert.Equal(2L, await ScalarAsync(connection, "SELECT count(*) FROM cdr"));
        }
    }

    private static string UniqueName() => $"t_{Guid.NewGuid():N}";

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
