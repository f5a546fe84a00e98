using Cgf.Server.Tests.Infrastructure;

namespace Cgf.Server.Tests.Postgres;

/// <summary>What a CGF on PostgreSQL holds of the server's connection slots (max_connections).</summary>
public sealed class PostgresConnectionTests
{
    [SkippableFact]
    public async Task AStoppedCgfLeavesNoConnectionToItsDatabase()
    {
        Skip.If(PostgresCluster.MissingReason is not null, PostgresCluster.MissingReason);
        var name = $"conn_{Guid.NewGuid():N}";
        var database = PostgresCluster.Shared.CreateDatabase(name);
        string Connections() => PostgresCluster.Shared.Psql($"SELECT count(*) FROM pg_stat_activity WHERE datname = '{name}'", "postgres");

        await using (var cgf = await TestCgf.StartAsync(postgres: database))
        {
            await using var cdf = await PeerConnection.OpenAsync("udp", cgf.Endpoint);
            Assert.Equal(128, (await cdf.RequestAsync(Gtpp.Send(1, Gtpp.Record(1)))).Cause);
            Assert.Equal(1, cgf.Status().CommittedCdrs);
            // Writers, status reads: the running CGF has connections to its database.
            Assert.NotEqual("0", Connections());
        }

        // Npgsql would keep idle connections for 300 s; a test process running many CGFs on one server ran out of slots.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Connections() != "0" && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        Assert.Equal("0", Connections());
    }
}
