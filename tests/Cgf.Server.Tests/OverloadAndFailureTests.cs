using Cgf.Server.Tests.Infrastructure;

namespace Cgf.Server.Tests;

/// <summary>Overload (199 + Redirection cause 61, Node Alive on recovery) and storage failure (199, nothing lost, server goes on).</summary>
[Collection(SerialCollection.Name)]
public sealed class OverloadAndFailureTests
{
    [Fact]
    public async Task PastTheHighWaterMarkRequestsAreAnswered199PeersRedirectedWithCause61AndRecoveryAnnouncedWithNodeAlive()
    {
        await using var cgf = await TestCgf.StartAsync(new Dictionary<string, string?>
        {
            ["Cgf:Overload:HighWaterMark"] = "2",
            ["Cgf:Overload:LowWaterMark"] = "0",
        });
        // TCP, so no datagram can be lost on a loaded machine and every request's answer is counted.
        await using var cdf = await TcpPeer.ConnectAsync(cgf.Endpoint);
        const int burst = 2000;
        var accepted = new HashSet<ushort>();
        var rejected = new HashSet<ushort>();
        Gtpp.Parsed? redirection = null, nodeAlive = null;
        var reading = Task.Run(async () =>
        {
            while (await cdf.ReadMessageAsync(TimeSpan.FromSeconds(10)) is { } received)
            {
                var message = Gtpp.Parse(received);
                switch (message.Type)
                {
                    case 241 when message.Cause == 128:
                        accepted.UnionWith(message.Responded);
                        break;
                    case 241 when message.Cause == 199:
                        rejected.UnionWith(message.Responded);
                        break;
                    case 6:
                        redirection ??= message;
                        await cdf.WriteAsync(Gtpp.RedirectionResponse(message.Sequence));
                        break;
                    case 4:
                        nodeAlive ??= message;
                        await cdf.WriteAsync(Gtpp.Message(5, message.Sequence, []));
                        break;
                }
                if (nodeAlive is not null && accepted.Count + rejected.Count == burst)
                    break;
            }
        });
        for (var start = 1; start <= burst; start += 100)
            await cdf.WriteAsync(Enumerable.Range(start, 100).SelectMany(seq => Gtpp.Send((ushort)seq, Gtpp.Record((uint)seq))).ToArray());
        await reading;

        Assert.NotEmpty(rejected);
        Assert.Equal(burst, accepted.Count + rejected.Count);
        Assert.Equal(61, redirection?.Cause);
        Assert.NotNull(nodeAlive);
        // What was answered 128 is stored; what was answered 199 is not.
        Assert.Equal(accepted.Count, cgf.Status().CommittedCdrs);
    }

    [Fact]
    public async Task WhenTheDatabaseIsFullRequestsAreAnswered199NothingAcknowledgedIsLostAndTheServerGoesOn()
    {
        await using var cgf = await TestCgf.StartAsync(new Dictionary<string, string?>
        {
            ["Cgf:Storage:MaxDatabaseSize"] = (1024 * 1024).ToString(),
        });
        using var cdf = new UdpPeer();
        var acknowledgedCdrs = 0;
        var saw199 = false;
        for (ushort seq = 1; seq <= 200 && !saw199; seq++)
        {
            var records = Enumerable.Range(0, 50).Select(i => Gtpp.Record((uint)(seq * 100 + i))).ToArray();
            var response = await cdf.RequestAsync(Gtpp.Send(seq, records), cgf.Endpoint);
            if (response.Cause == 128)
                acknowledgedCdrs += records.Length;
            else
                saw199 = response.Cause == 199;
        }

        Assert.True(saw199, "the database never filled up");
        Assert.True(acknowledgedCdrs > 0, "nothing was stored before the database filled up");
        Assert.Equal(2, (await cdf.RequestAsync(Gtpp.EchoRequest(9), cgf.Endpoint)).Type);
        Assert.Equal(acknowledgedCdrs, cgf.Status().CommittedCdrs);
    }
}
