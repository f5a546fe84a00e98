using Cdf.Client.Delivery;
using Charging.GtpPrime;
using Charging.GtpPrime.Messages;
using Storage.Cdf;

namespace Cdf.Client.Tests.Delivery;

/// <summary>Causes a real Cgf.Server never sends for a well-formed request, from a scripted peer.</summary>
public sealed class CauseTests
{
    [Theory]
    [InlineData(GtpPrimeCause.InvalidMessageFormat)]
    [InlineData(GtpPrimeCause.MandatoryIeIncorrect)]
    [InlineData(GtpPrimeCause.MandatoryIeMissing)]
    [InlineData(GtpPrimeCause.OptionalIeIncorrect)]
    public async Task RejectedRequestsAreParkedWithTheirCdrsAndNeverRetried_WithScriptedFakeCgf(GtpPrimeCause cause)
    {
        using var directory = new TempDirectory();
        using var fake = new ScriptedFakeCgf(f => Answer(f, cause));
        var options = CdfSetup.Options(directory.File("cdf.db"), fake.Port);
        options.T3 = TimeSpan.FromMilliseconds(300);
        await using var client = new CdfClient(options);
        client.Start();
        await client.EnqueueAsync(CdfSetup.Records(1, 30));
        await client.DrainAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(3, client.Statistics.ParkedRequests);
        Assert.Equal(30, client.Statistics.ParkedCdrs);
        Assert.Equal(0, client.Statistics.AcknowledgedCdrs);
        var status = client.ReadOutboxStatus();
        Assert.Equal(3, status.ParkedRequests);
        Assert.Equal(30, status.ParkedCdrs);
        Assert.Equal(30, status.OutboxCdrs);
        // Well past T3 after parking: nothing more goes out. (Before its answer a request may be retransmitted
        // once T3 expires on a loaded machine; that is T3/N3 working, not a retry loop.)
        var sentWhenParked = fake.DataRequests.Count;
        await Task.Delay(options.T3 * 3);
        Assert.Equal(sentWhenParked, fake.DataRequests.Count);
        Assert.Equal(3, fake.DataRequests.Select(f => f.Header.SequenceNumber).Distinct().Count());
    }

    [Fact]
    public async Task ParkedRequestsStayParkedAfterARestart_WithScriptedFakeCgf()
    {
        using var directory = new TempDirectory();
        using var fake = new ScriptedFakeCgf(f => Answer(f, GtpPrimeCause.MandatoryIeIncorrect));
        var options = CdfSetup.Options(directory.File("cdf.db"), fake.Port);
        await using (var client = new CdfClient(options))
        {
            client.Start();
            await client.EnqueueAsync(CdfSetup.Records(1, 10));
            await client.DrainAsync(TimeSpan.FromSeconds(30));
        }
        await using (var client = new CdfClient(options))
        {
            client.Start();
            await client.DrainAsync(TimeSpan.FromSeconds(30));
        }
        Assert.Single(fake.DataRequests);
        using var outbox = new CdfOutbox(options.StatePath);
        var parked = Assert.Single(outbox.Load().Requests);
        Assert.Equal(OutboxRequestState.Parked, parked.State);
        Assert.Equal((byte)GtpPrimeCause.MandatoryIeIncorrect, parked.Cause);
    }

    [Theory]
    [InlineData(GtpPrimeCause.RequestAccepted)]
    [InlineData(GtpPrimeCause.CdrDecodingError)]
    [InlineData(GtpPrimeCause.PossiblyDuplicatedRequestAlreadyFulfilled)]
    [InlineData(GtpPrimeCause.RequestAlreadyFulfilled)]
    public async Task AcceptedAndAlreadyFulfilledCausesCompleteASend_WithScriptedFakeCgf(GtpPrimeCause cause)
    {
        using var directory = new TempDirectory();
        using var fake = new ScriptedFakeCgf(f => Answer(f, cause));
        var options = CdfSetup.Options(directory.File("cdf.db"), fake.Port);
        await using var client = new CdfClient(options);
        client.Start();
        await client.EnqueueAsync(CdfSetup.Records(1, 20));
        await client.DrainAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(20, client.Statistics.AcknowledgedCdrs);
        Assert.Equal(0, client.ReadOutboxStatus().OutboxCdrs);
    }

    [Fact]
    public async Task NoResourcesAvailableIsRetriedLaterWithTheSameNumber_WithScriptedFakeCgf()
    {
        using var directory = new TempDirectory();
        var answered = 0;
        using var fake = new ScriptedFakeCgf(f => Answer(f,
            Interlocked.Increment(ref answered) == 1 ? GtpPrimeCause.NoResourcesAvailable : GtpPrimeCause.RequestAccepted));
        var options = CdfSetup.Options(directory.File("cdf.db"), fake.Port);
        await using var client = new CdfClient(options);
        client.Start();
        await client.EnqueueAsync(CdfSetup.Records(1, 10));
        await client.DrainAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(10, client.Statistics.AcknowledgedCdrs);
        var data = fake.DataRequests;
        Assert.Equal(2, data.Count);
        Assert.Equal(data[0].Header.SequenceNumber, data[1].Header.SequenceNumber);
    }

    [Fact]
    public async Task PersistentNoResourcesAvailableFailsOverToTheNextCgf_WithScriptedFakeCgf()
    {
        using var directory = new TempDirectory();
        using var busy = new ScriptedFakeCgf(f => Answer(f, GtpPrimeCause.NoResourcesAvailable));
        var port2 = FreePort.Get();
        var options = CdfSetup.Options(directory.File("cdf.db"), busy.Port, port2);
        options.EchoInterval = TimeSpan.FromMinutes(10); // the busy fake answers Echo; keep it down
        using var cgf2 = await CgfProcess.StartAsync(port2, directory.File("cgf2.db"), options.Cgfs[1].LocalPort);
        await using var client = new CdfClient(options);
        client.Start();
        await client.EnqueueAsync(CdfSetup.Records(1, 10));
        await Poll.UntilAsync(() => client.Statistics.HeldRequests == 1);
        Assert.Equal(CgfPathState.Down, client.Paths[0].State);
        Assert.Equal(10, CgfDatabaseReader.Read(cgf2.DatabasePath).Count(c => c.Status == 0));
    }

    /// <summary>Answers Data Record Transfer Requests with <paramref name="cause"/> and Echo with Recovery 0.</summary>
    private static GtpPrimeMessage? Answer(Charging.GtpPrime.Codec.GtpPrimeFrame frame, GtpPrimeCause cause) => frame.Message switch
    {
        DataRecordTransferRequest => new DataRecordTransferResponse(cause, [frame.Header.SequenceNumber]),
        EchoRequest => new EchoResponse(0),
        _ => null,
    };
}
