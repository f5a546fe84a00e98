using Cgf.Server.Tests.Infrastructure;
using Dapper;
using Npgsql;
using Storage.Cgf.Writer;
using System.Net;

namespace Cgf.Server.Tests.Postgres;

/// <summary>
/// A CGF on PostgreSQL with two writers (docs/cgf-pool.md "Writers", the default there): each CDF's path stays with one
/// writer, whose ledger alone decides it, before and after a restart.
/// </summary>
public sealed class CgfWriterGroupTests
{
    [SkippableFact]
    public async Task EachCdfsPathIsKeptByOneWriterAndItsStatesAreThatWritersAgainAfterARestart()
    {
        Skip.If(PostgresCluster.MissingReason is not null, PostgresCluster.MissingReason);
        var database = PostgresCluster.Shared.CreateDatabase($"writers_{Guid.NewGuid():N}"[..30]);
        // The two CDFs' addresses go to different writers of two.
        Assert.NotEqual(PeerPartition.Of("127.0.0.1", 2), PeerPartition.Of("127.0.0.2", 2));

        await using (var cgf = await TestCgf.StartAsync(postgres: database, nodeId: "CGFA"))
        {
            using var firstBefore = new UdpPeer(IPAddress.Parse("127.0.0.1"));
            using var secondBefore = new UdpPeer(IPAddress.Parse("127.0.0.2"));
            foreach (var (cdf, offset) in new[] { (firstBefore, 0u), (secondBefore, 1000u) })
            {
                // The same numbers on both paths, different contents: two requests each, none a repeat.
                for (ushort seq = 1; seq <= 20; seq++)
                    Assert.Equal(128, (await cdf.RequestAsync(Gtpp.Send(seq, Gtpp.Record(offset + seq)), cgf.Endpoint)).Cause);
                Assert.Equal(128, (await cdf.RequestAsync(Gtpp.SendPossiblyDuplicated(30, Gtpp.Record(offset + 30)), cgf.Endpoint)).Cause);
            }
            Assert.Equal(2, cgf.Status().PendingCdrs);
        }

        await using var again = await TestCgf.StartAsync(postgres: database, nodeId: "CGFA");
        // The same CDFs (a path is the address; new sockets, since the stopping CGF told the old ones it was going down).
        using var first = new UdpPeer(IPAddress.Parse("127.0.0.1"));
        using var second = new UdpPeer(IPAddress.Parse("127.0.0.2"));
        // Each path's committed requests are recognised by the writer that now keeps it (253, not stored again) ...
        Assert.Equal(253, (await first.RequestAsync(Gtpp.Send(5, Gtpp.Record(5)), again.Endpoint)).Cause);
        Assert.Equal(253, (await second.RequestAsync(Gtpp.Send(5, Gtpp.Record(1005)), again.Endpoint)).Cause);
        // ... and its pending packet is there to release or cancel.
        Assert.Equal(128, (await first.RequestAsync(Gtpp.Release(31, 30), again.Endpoint)).Cause);
        Assert.Equal(128, (await second.RequestAsync(Gtpp.Cancel(31, 30), again.Endpoint)).Cause);
        // A number the other path used is still new on this one.
        Assert.Equal(128, (await first.RequestAsync(Gtpp.Send(21, Gtpp.Record(21)), again.Endpoint)).Cause);

        var status = again.Status();
        Assert.Equal(42, status.CommittedCdrs);
        Assert.Equal(0, status.PendingCdrs);
        using var connection = new NpgsqlConnection(database);
        Assert.Equal(42L, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM cdrs"));
        Assert.Equal(["127.0.0.1", "127.0.0.2"], status.Peers.Select(p => p.Address));
        // Counted under its own peer by the writer that answered it.
        Assert.Equal([(23L, 1L), (22L, 1L)], status.Peers.Select(p => (p.Requests["cause128"], p.Requests["cause253"])));
    }
}
