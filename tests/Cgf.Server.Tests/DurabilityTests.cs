using Cgf.Server.Tests.Infrastructure;
using Storage.Cgf;

namespace Cgf.Server.Tests;

/// <summary>An acknowledgement is a promise: it survives kill -9 of the CGF process.</summary>
[Collection(SerialCollection.Name)]
public sealed class DurabilityTests
{
    [Fact]
    public async Task AcknowledgedCdrSurvivesKill9AndItsRetransmissionIsAnswered253()
    {
        var directory = TempDirectory.Create();
        var database = Path.Combine(directory, "cgf.db");
        using var cdf = new UdpPeer();
        var request = Gtpp.Send(4242, Gtpp.Record(4242));

        byte? firstRecovery;
        using (var cgf = await CgfProcess.StartAsync(FreePort.Get(), database))
        {
            firstRecovery = (byte?)(await cdf.RequestAsync(Gtpp.EchoRequest(1), cgf.Endpoint)).Recovery;
            Assert.Equal(128, (await cdf.RequestAsync(request, cgf.Endpoint)).Cause);
            cgf.Kill();
        }

        using (var cgf = await CgfProcess.StartAsync(FreePort.Get(), database))
        {
            Assert.Equal(firstRecovery + 1, (await cdf.RequestAsync(Gtpp.EchoRequest(2), cgf.Endpoint)).Recovery);
            Assert.Equal(253, (await cdf.RequestAsync(request, cgf.Endpoint)).Cause);
            Assert.Equal(252, (await cdf.RequestAsync(Gtpp.TestPacket(4242), cgf.Endpoint)).Cause);
        }
        Assert.Equal(1, CgfStatusReader.Read(database).CommittedCdrs);
    }

    [Fact]
    public async Task Kill9MidStreamLosesNoAcknowledgedCdrAndStoresNoneTwice()
    {
        var directory = TempDirectory.Create();
        var database = Path.Combine(directory, "cgf.db");
        const int total = 3000;
        var acknowledged = new HashSet<ushort>();
        using var cdf = new UdpPeer();

        using (var cgf = await CgfProcess.StartAsync(FreePort.Get(), database))
        {
            // Stream requests and kill the server while acknowledgements are still arriving.
            for (ushort seq = 1; seq <= total; seq++)
            {
                cdf.Send(Gtpp.Send(seq, Gtpp.Record(seq), Gtpp.Record(100000u + seq)), cgf.Endpoint);
                if (seq == total / 2)
                {
                    while (acknowledged.Count < 200 && await cdf.ReceiveAsync(TimeSpan.FromSeconds(5)) is { } ack)
                        acknowledged.UnionWith(Gtpp.Parse(ack).Responded);
                    cgf.Kill();
                    break;
                }
            }
            while (await cdf.ReceiveAsync(TimeSpan.FromMilliseconds(300)) is { } late)
                acknowledged.UnionWith(Gtpp.Parse(late).Responded);
        }
        Assert.NotEmpty(acknowledged);
        // Every CDR acknowledged before the kill is on disk.
        Assert.True(CgfStatusReader.Read(database).CommittedCdrs >= 2 * acknowledged.Count);

        using (var cgf = await CgfProcess.StartAsync(FreePort.Get(), database))
        {
            // The CDF retransmits everything: acknowledged ones are duplicates, the rest are new.
            for (ushort seq = 1; seq <= total; seq++)
            {
                var response = await cdf.RequestAsync(Gtpp.Send(seq, Gtpp.Record(seq), Gtpp.Record(100000u + seq)), cgf.Endpoint);
                if (acknowledged.Contains(seq))
                    Assert.Equal(253, response.Cause);
                else
                    Assert.True(response.Cause is 128 or 253, $"seq {seq}: cause {response.Cause}");
            }
        }
        Assert.Equal(2 * total, CgfStatusReader.Read(database).CommittedCdrs);
    }
}
