using Cdf.Client.Delivery;
using Storage.Cdf;

namespace Cdf.Client.Tests.Delivery;

/// <summary>The happy paths against a real Cgf.Server child process.</summary>
public sealed class DeliveryTests
{
    [Fact]
    public async Task EnqueuedCdrsAreCommittedOnceAndLeaveTheOutbox()
    {
        using var directory = new TempDirectory();
        var port = FreePort.Get();
        using var cgf = await CgfProcess.StartAsync(port, directory.File("cgf.db"));
        var options = CdfSetup.Options(directory.File("cdf.db"), port);
        await using (var client = new CdfClient(options))
        {
            client.Start();
            await client.EnqueueAsync(CdfSetup.Records(1, 1000));
            await client.DrainAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(1000, client.Statistics.AcknowledgedCdrs);
            Assert.Equal(100, client.Statistics.AcknowledgedRequests);
            var status = client.ReadOutboxStatus();
            Assert.True(status.IsDrained);
            Assert.Equal(0, status.OutboxCdrs);
        }
        var stored = CgfDatabaseReader.Read(cgf.DatabasePath);
        Assert.All(stored, c => Assert.Equal(1, c.Status));
        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (uint)i), stored.Select(c => c.LocalSequenceNumber).Order());
    }

    [Fact]
    public async Task EnqueueReturnsOnlyOnceTheCdrIsInTheOutboxFile()
    {
        using var directory = new TempDirectory();
        // No CGF answers: the CDRs must still be durable when EnqueueAsync returns.
        var options = CdfSetup.Options(directory.File("cdf.db"), FreePort.Get());
        await using var client = new CdfClient(options);
        client.Start();
        await client.EnqueueAsync(CdfSetup.Records(1, 25));
        Assert.Equal(25, CdfOutbox.ReadStatus(options.StatePath).OutboxCdrs);
    }

    [Fact]
    public async Task RequestsHoldAtMostMaxCdrsPerRequestAndMaxRequestBytes()
    {
        using var directory = new TempDirectory();
        var port = FreePort.Get();
        using var cgf = await CgfProcess.StartAsync(port, directory.File("cgf.db"));
        var options = CdfSetup.Options(directory.File("cdf.db"), port);
        options.MaxCdrsPerRequest = 255;
        var records = CdfSetup.Records(1, 70);
        var longest = records.Max(r => r.Length);
        options.MaxRequestBytes = 16 + 7 * (2 + longest);
        await using var client = new CdfClient(options);
        client.Start();
        await client.EnqueueAsync(records);
        await client.DrainAsync(TimeSpan.FromSeconds(30));
        var lengths = records.ToDictionary(r => CgfDatabaseReader.LocalSequenceNumber(r.ToArray()), r => r.Length);
        var perRequest = CgfDatabaseReader.Read(cgf.DatabasePath).GroupBy(c => c.Sequence).ToList();
        Assert.Equal(70, perRequest.Sum(g => g.Count()));
        Assert.All(perRequest, g => Assert.True(16 + g.Sum(c => 2 + lengths[c.LocalSequenceNumber]) <= options.MaxRequestBytes));
        Assert.InRange(perRequest.Count, 9, 10);
        Assert.Equal(client.Statistics.AcknowledgedRequests, perRequest.Count);
    }

    [Fact]
    public async Task SequenceNumbersWrapFrom65535To0()
    {
        using var directory = new TempDirectory();
        var port = FreePort.Get();
        using var cgf = await CgfProcess.StartAsync(port, directory.File("cgf.db"));
        var options = CdfSetup.Options(directory.File("cdf.db"), port);
        options.InitialSequenceNumber = 65500;
        options.MaxCdrsPerRequest = 1;
        await using (var client = new CdfClient(options))
        {
            client.Start();
            await client.EnqueueAsync(CdfSetup.Records(1, 100));
            await client.DrainAsync(TimeSpan.FromSeconds(30));
        }
        var sequences = CgfDatabaseReader.Read(cgf.DatabasePath).Select(c => c.Sequence).ToHashSet();
        Assert.Equal(100, sequences.Count);
        Assert.Contains(65535, sequences);
        Assert.Contains(0, sequences);
        Assert.Equal(Enumerable.Range(65500, 36).Concat(Enumerable.Range(0, 64)).ToHashSet(), sequences);
    }

    [Fact]
    public async Task SequenceNumbersSurviveACdfRestart()
    {
        using var directory = new TempDirectory();
        var port = FreePort.Get();
        using var cgf = await CgfProcess.StartAsync(port, directory.File("cgf.db"));
        var options = CdfSetup.Options(directory.File("cdf.db"), port);
        for (var run = 0; run < 2; run++)
        {
            await using var client = new CdfClient(options);
            client.Start();
            await client.EnqueueAsync(CdfSetup.Records(1 + run * 50, 50));
            await client.DrainAsync(TimeSpan.FromSeconds(30));
        }
        // Ten requests, numbers 1-10: the second run went on where the first stopped (no 253 for new content).
        var sequences = CgfDatabaseReader.Read(cgf.DatabasePath).Select(c => c.Sequence).Distinct().Order();
        Assert.Equal(Enumerable.Range(1, 10), sequences);
        Assert.Equal(100, CgfDatabaseReader.Read(cgf.DatabasePath).Count);
    }

    [Fact]
    public async Task TcpDeliversLikeUdp()
    {
        using var directory = new TempDirectory();
        var port = FreePort.Get();
        using var cgf = await CgfProcess.StartAsync(port, directory.File("cgf.db"));
        var options = CdfSetup.Options(directory.File("cdf.db"), port);
        options.Cgfs[0].Tcp = true;
        await using (var client = new CdfClient(options))
        {
            client.Start();
            await client.EnqueueAsync(CdfSetup.Records(1, 500));
            await client.DrainAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(500, client.Statistics.AcknowledgedCdrs);
        }
        Assert.Equal(500, CgfDatabaseReader.Read(cgf.DatabasePath).Count(c => c.Status == 1));
    }

    [Fact]
    public async Task ACdfRestartResendsInFlightRequestsWithTheirOriginalNumbersToTheSameCgfFirst()
    {
        using var directory = new TempDirectory();
        var port = FreePort.Get();
        var options = CdfSetup.Options(directory.File("cdf.db"), port);
        options.Window = 3;
        options.T3 = TimeSpan.FromMilliseconds(300);
        options.N3 = 100; // stay on this CGF while it is silent
        IReadOnlyList<int> firstNumbers;
        using (var silent = new ScriptedFakeCgf(_ => null, port))
        {
            await using var client = new CdfClient(options);
            client.Start();
            await client.EnqueueAsync(CdfSetup.Records(1, 30));
            await Poll.UntilAsync(() => silent.DataRequests.Select(f => f.Header.SequenceNumber).Distinct().Count() == 3);
            // Window = 3: unanswered, the CDF keeps exactly three requests out (retransmissions reuse their numbers).
            await Task.Delay(options.T3 * 2);
            Assert.Equal(3, silent.DataRequests.Select(f => f.Header.SequenceNumber).Distinct().Count());
            Assert.True(silent.DataRequests.Count > 3);
            firstNumbers = silent.DataRequests.Select(f => (int)f.Header.SequenceNumber).Distinct().Order().ToList();
        }
        using var cgf = await CgfProcess.StartAsync(port, directory.File("cgf.db"));
        await using (var client = new CdfClient(options))
        {
            client.Start();
            await client.DrainAsync(TimeSpan.FromSeconds(30));
        }
        var stored = CgfDatabaseReader.Read(cgf.DatabasePath);
        Assert.Equal(30, stored.Count);
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (uint)i), stored.Select(c => c.LocalSequenceNumber).Order());
        // The three requests in flight at the crash kept their numbers and their CDRs (1-30 in order).
        Assert.Equal(firstNumbers, stored.Where(c => c.LocalSequenceNumber <= 30).Select(c => c.Sequence).Distinct().Order().Take(3));
    }
}
