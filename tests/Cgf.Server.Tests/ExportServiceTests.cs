using Cgf.Server.Tests.Infrastructure;
using Charging.CdrFiles;
using Storage.Cgf;

namespace Cgf.Server.Tests;

/// <summary>
/// The export service inside the running server: CDRs in over UDP are indexed at ingest and exported at the
/// open-time limit; an unwritable export directory leads to Redirection Request cause 62 (
/// docs/gtp-prime.md §5.5 use 2) while requests are still accepted, and Node Alive once export works again.
/// </summary>
public class ExportServiceTests
{
    [Fact]
    public async Task ExportsIndexedCdrsAndRedirectsPeersWhileBillingIsUnreachable()
    {
        var directory = TempDirectory.Create();
        var export = Path.Combine(directory, "out");
        await using var cgf = await TestCgf.StartAsync(new Dictionary<string, string?>
        {
            ["Cgf:Export:Directory"] = export,
            ["Cgf:Export:MaxAge"] = "00:00:00.300",
            ["Cgf:Export:PollInterval"] = "00:00:00.100",
            ["Cgf:Export:DownstreamLossAfter"] = "00:00:00.500",
        }, Path.Combine(directory, "cgf.db"));
        using var peer = new UdpPeer();

        var accepted = await peer.RequestAsync(Gtpp.Send(1, Gtpp.Record(11), Gtpp.Record(12), Gtpp.Record(13)), cgf.Endpoint);
        Assert.Equal(128, accepted.Cause);
        var indexed = Assert.Single(CdrQuery.Find(cgf.DatabasePath, new CdrQueryFilter(ChargingId: 12)));
        Assert.Equal(85, indexed.RecordType);
        Assert.Equal("123456789012345", indexed.ServedImsi);

        var first = await WaitForFileAsync(export, 1);
        Assert.Equal(3u, first.Header.CdrCount);
        Assert.Equal(FileClosureTriggerReason.FileOpenTimeLimitReached, first.Header.ClosureTriggerReason);
        Assert.Equal(Gtpp.Record(11), first.Records[0].Data.ToArray());

        // Billing unreachable: the export directory's path is now a plain file.
        Directory.Delete(export, recursive: true);
        File.WriteAllText(export, "not a directory");
        var stillAccepted = await peer.RequestAsync(Gtpp.Send(2, Gtpp.Record(14)), cgf.Endpoint);
        Assert.Equal(128, stillAccepted.Cause);
        var redirection = await ReceiveAsync(peer, type: 6);
        Assert.Equal(62, redirection.Cause);
        peer.Send(Gtpp.RedirectionResponse(redirection.Sequence), cgf.Endpoint);

        File.Delete(export);
        var nodeAlive = await ReceiveAsync(peer, type: 4);
        Assert.Equal(4, nodeAlive.Type);
        var second = await WaitForFileAsync(export, 2);
        Assert.Equal(Gtpp.Record(14), Assert.Single(second.Records).Data.ToArray());
        // Marked in the transaction right after the rename.
        for (var i = 0; i < 200 && cgf.Status().ExportedCdrs < 4; i++)
            await Task.Delay(50);
        Assert.Equal(4, cgf.Status().ExportedCdrs);
    }

    private static async Task<Gtpp.Parsed> ReceiveAsync(UdpPeer peer, byte type)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (await peer.ReceiveAsync(TimeSpan.FromSeconds(1)) is { } message && message[1] == type)
                return Gtpp.Parse(message);
        }
        throw new TimeoutException($"no GTP' message type {type} from the CGF");
    }

    private static async Task<CdrFile> WaitForFileAsync(string directory, uint sequence)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (Directory.Exists(directory))
            {
                foreach (var path in Directory.GetFiles(directory))
                {
                    if (CdrFileName.TryParse(Path.GetFileName(path), "TESTCGF", out var found, out _) && found == sequence &&
                        CdrFileReader.TryRead(File.ReadAllBytes(path), out var file, out _))
                        return file;
                }
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"no CDR file {sequence} in {directory}");
    }
}
