using Cgf.Server.Monitoring;
using Cgf.Server.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Cgf.Server.Tests.Postgres;

/// <summary>
/// Two CGFs on one PostgreSQL database (docs/cgf-pool.md): sequence numbers stay per path, content is the pool's.
/// Each test has its own database in the shared test cluster.
/// </summary>
public sealed class CgfPoolTests
{
    private static string NewDatabase(string test)
    {
        Skip.If(PostgresCluster.MissingReason is not null, PostgresCluster.MissingReason);
        return PostgresCluster.Shared.CreateDatabase($"pool_{test}_{Guid.NewGuid():N}"[..40].ToLowerInvariant());
    }

    [SkippableFact]
    public async Task APossiblyDuplicatedPacketAnotherCgfCommittedIsAnswered252AndStoredOnce()
    {
        var database = NewDatabase("dup");
        await using var a = await TestCgf.StartAsync(postgres: database, nodeId: "CGFA");
        await using var b = await TestCgf.StartAsync(postgres: database, nodeId: "CGFB");
        await using var toA = await PeerConnection.OpenAsync("udp", a.Endpoint);
        await using var toB = await PeerConnection.OpenAsync("udp", b.Endpoint);

        // CGF A commits the packet; its answer is lost, so the CDF sends it to B as possibly duplicated (TS 32.295 §6.2.4).
        Assert.Equal(128, (await toA.RequestAsync(Gtpp.Send(10, Gtpp.Record(1), Gtpp.Record(2)))).Cause);
        var redirected = await toB.RequestAsync(Gtpp.SendPossiblyDuplicated(500, Gtpp.Record(1), Gtpp.Record(2)));

        Assert.Equal(252, redirected.Cause);
        Assert.Equal([500], redirected.Responded);
        var status = b.Status();
        Assert.Equal(2, status.CommittedCdrs);
        Assert.Equal(0, status.PendingCdrs);
        Assert.Equal(2L, Scalar(database, "SELECT COUNT(*) FROM cdrs"));
    }

    [SkippableFact]
    public async Task AContentPendingAtOneCgfIsNotCommittedForThePoolUntilReleased()
    {
        var database = NewDatabase("pend");
        await using var a = await TestCgf.StartAsync(postgres: database, nodeId: "CGFA");
        await using var b = await TestCgf.StartAsync(postgres: database, nodeId: "CGFB");
        await using var toA = await PeerConnection.OpenAsync("udp", a.Endpoint);
        await using var toB = await PeerConnection.OpenAsync("udp", b.Endpoint);

        // Held pending at A: nobody has committed it, so B holds its copy pending too (128, not 252).
        Assert.Equal(128, (await toA.RequestAsync(Gtpp.SendPossiblyDuplicated(20, Gtpp.Record(5), Gtpp.Record(6)))).Cause);
        Assert.Equal(128, (await toB.RequestAsync(Gtpp.SendPossiblyDuplicated(30, Gtpp.Record(5), Gtpp.Record(6)))).Cause);
        Assert.Equal(4, b.Status().PendingCdrs);

        // Released at A, it is the pool's: the same content at B again is already fulfilled, and B cancels its own copy.
        Assert.Equal(128, (await toA.RequestAsync(Gtpp.Release(21, 20))).Cause);
        Assert.Equal(252, (await toB.RequestAsync(Gtpp.SendPossiblyDuplicated(31, Gtpp.Record(5), Gtpp.Record(6)))).Cause);
        Assert.Equal(128, (await toB.RequestAsync(Gtpp.Cancel(32, 30))).Cause);
        Assert.Equal(2L, Scalar(database, "SELECT COUNT(*) FROM cdrs"));
        Assert.Equal(2L, Scalar(database, "SELECT COUNT(*) FROM cdrs WHERE status = 1"));
    }

    [SkippableFact]
    public async Task ATransferStateRewrittenByTheNextRequestOnItsNumberIsAHeapOnlyUpdate()
    {
        var database = NewDatabase("hot");
        await using var a = await TestCgf.StartAsync(postgres: database, nodeId: "CGFA");
        await using var toA = await PeerConnection.OpenAsync("udp", a.Endpoint);

        // The same numbers with new content: the sequence space wrapped, each request rewrites its number's state.
        for (var round = 0; round < 3; round++)
        {
            for (ushort seq = 1; seq <= 20; seq++)
                Assert.Equal(128, (await toA.RequestAsync(Gtpp.Send(seq, Gtpp.Record((uint)(round * 100 + seq))))).Cause);
        }

        // docs/cgf-pool.md "Schema": no index on a column a request changes, so a rewrite adds no index entry. A
        // non-heap-only update would leave 60 entries (one per row version) in the primary key's only page.
        using var connection = new NpgsqlConnection(database);
        connection.Execute("CREATE EXTENSION IF NOT EXISTS pageinspect");
        Assert.Equal(1L, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM transfers WHERE seq = 20"));
        Assert.Equal(20L, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM bt_page_items('transfers_pkey', 1)"));
    }

    [SkippableFact]
    public async Task SequenceNumbersStayPerPathAndReleaseWorksAtTheCgfHoldingThePendingPacket()
    {
        var database = NewDatabase("paths");
        await using var a = await TestCgf.StartAsync(postgres: database, nodeId: "CGFA");
        await using var b = await TestCgf.StartAsync(postgres: database, nodeId: "CGFB");
        await using var toA = await PeerConnection.OpenAsync("udp", a.Endpoint);
        await using var toB = await PeerConnection.OpenAsync("udp", b.Endpoint);

        // The same number on the two paths is two requests, not a repeat (the content differs).
        Assert.Equal(128, (await toA.RequestAsync(Gtpp.Send(7, Gtpp.Record(70)))).Cause);
        Assert.Equal(128, (await toB.RequestAsync(Gtpp.Send(7, Gtpp.Record(71)))).Cause);
        // A pending packet at B whose content nobody committed.
        Assert.Equal(128, (await toB.RequestAsync(Gtpp.SendPossiblyDuplicated(8, Gtpp.Record(80)))).Cause);
        Assert.Equal(1, b.Status().PendingCdrs);

        // A does not hold B's pending packet: its Release names a number not pending on its path (254), nothing changes.
        Assert.Equal(254, (await toA.RequestAsync(Gtpp.Release(9, 8))).Cause);
        Assert.Equal(1, a.Status().PendingCdrs);
        // B does.
        Assert.Equal(128, (await toB.RequestAsync(Gtpp.Release(9, 8))).Cause);
        var status = a.Status();
        Assert.Equal(3, status.CommittedCdrs);
        Assert.Equal(0, status.PendingCdrs);
        Assert.Equal(3L, Scalar(database, "SELECT COUNT(*) FROM cdrs WHERE status = 1"));
    }

    [SkippableFact]
    public async Task ATestPacketIsAnsweredFromThePoolsStateByACgfThatRestartedOnAnotherPort()
    {
        var database = NewDatabase("test");
        await using (var a = await TestCgf.StartAsync(postgres: database, nodeId: "CGFA"))
        {
            await using var toA = await PeerConnection.OpenAsync("udp", a.Endpoint);
            Assert.Equal(128, (await toA.RequestAsync(Gtpp.Send(40, Gtpp.Record(4)))).Cause);
        }
        // The same node, started again elsewhere (its machine replaced): what its path committed is in the database.
        await using var again = await TestCgf.StartAsync(postgres: database, nodeId: "CGFA");
        await using var cdf = await PeerConnection.OpenAsync("udp", again.Endpoint);

        Assert.Equal(252, (await cdf.RequestAsync(Gtpp.TestPacket(40))).Cause);
        Assert.Equal(128, (await cdf.RequestAsync(Gtpp.TestPacket(41))).Cause);
        Assert.Equal(2, again.Status().RestartCounter);
    }

    [SkippableFact]
    public async Task WhilePostgreSqlIsDownRequestsAreAnswered199AndNothingUnacknowledgedIsStored()
    {
        Skip.If(PostgresCluster.MissingReason is not null, PostgresCluster.MissingReason);
        using var cluster = PostgresCluster.Start();
        await using var cgf = await TestCgf.StartAsync(postgres: cluster.ConnectionString, nodeId: "CGFA");
        await using var cdf = await PeerConnection.OpenAsync("udp", cgf.Endpoint);
        Assert.Equal(128, (await cdf.RequestAsync(Gtpp.Send(1, Gtpp.Record(1)))).Cause);

        cluster.Stop();
        var refused = await cdf.RequestAsync(Gtpp.Send(2, Gtpp.Record(2)));
        Assert.Equal(199, refused.Cause);
        var health = cgf.Services.GetRequiredService<StorageHealth>();
        Assert.NotNull(health.Failure);
        Assert.False(health.Check().IsReady);

        cluster.Restart();
        // The CDF retransmits what was refused: stored once, the earlier one not again.
        var cause = 0;
        for (var attempt = 0; attempt < 60 && cause != 128; attempt++)
        {
            cause = (await cdf.RequestAsync(Gtpp.Send(2, Gtpp.Record(2)))).Cause ?? 0;
            if (cause != 128)
                await Task.Delay(500);
        }
        Assert.Equal(128, cause);
        Assert.Equal(253, (await cdf.RequestAsync(Gtpp.Send(1, Gtpp.Record(1)))).Cause);
        Assert.Null(health.Failure);
        Assert.True(health.Check().IsReady);
        Assert.Equal(2L, Scalar(cluster.ConnectionString, "SELECT COUNT(*) FROM cdrs"));
    }

    private static long Scalar(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        return connection.ExecuteScalar<long>(sql);
    }
}
