using Cdf.Tool.Generation;
using Cdf.Tool.Tests.Infrastructure;
using Charging.GtpPrime;
using Charging.GtpPrime.Messages;
using Storage.Cdf;

namespace Cdf.Tool.Tests.Cli;

/// <summary><c>cdf send</c> as a child process: input forms, summary and exit codes.</summary>
public sealed class SendCommandTests
{
    [Fact]
    public async Task SendsAFileOfConcatenatedBerRecordsAndExitsZeroWhenAllAreAcknowledged()
    {
        using var directory = new TempDirectory();
        var port = FreePort.Get();
        using var cgf = await CgfProcess.StartAsync(port, directory.File("cgf.db"));
        await File.WriteAllBytesAsync(directory.File("cdrs.ber"), Enumerable.Range(1, 120).SelectMany(i => SgwRecordGenerator.Encode((uint)i)).ToArray());

        using var cdf = CdfProcess.Start("send", "--cgf", $"127.0.0.1:{port}", "--state", directory.File("cdf.db"),
            "--file", directory.File("cdrs.ber"), "--cdrs-per-request", "7");
        Assert.Equal(0, await cdf.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("acknowledged CDRs     120 in 18 requests", cdf.Output);
        Assert.Equal(Enumerable.Range(1, 120).Select(i => (uint)i),
            CgfDatabaseReader.Read(cgf.DatabasePath).Select(c => c.LocalSequenceNumber).Order());
    }

    [Fact]
    public async Task ExitsOneAndKeepsTheCdrsWhenRequestsAreParked_WithScriptedFakeCgf()
    {
        using var directory = new TempDirectory();
        using var fake = new ScriptedFakeCgf(f => f.Message is DataRecordTransferRequest
            ? new DataRecordTransferResponse(GtpPrimeCause.MandatoryIeIncorrect, [f.Header.SequenceNumber])
            : null);
        using var cdf = CdfProcess.Start("send", "--cgf", $"127.0.0.1:{fake.Port}", "--state", directory.File("cdf.db"), "--generate", "30");
        Assert.Equal(1, await cdf.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("parked requests       1 (30 CDRs kept in the outbox)", cdf.Output);
        Assert.Equal(30, CdfOutbox.ReadStatus(directory.File("cdf.db")).ParkedCdrs);
    }

    [Fact]
    public async Task GenerateContinuesAfterItsCheckpointInsteadOfRepeatingNumbers()
    {
        using var directory = new TempDirectory();
        var port = FreePort.Get();
        using var cgf = await CgfProcess.StartAsync(port, directory.File("cgf.db"));
        foreach (var count in new[] { "40", "100" })
        {
            using var cdf = CdfProcess.Start("send", "--cgf", $"127.0.0.1:{port}", "--state", directory.File("cdf.db"), "--generate", count);
            Assert.Equal(0, await cdf.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        }
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (uint)i),
            CgfDatabaseReader.Read(cgf.DatabasePath).Select(c => c.LocalSequenceNumber).Order());
    }
}
