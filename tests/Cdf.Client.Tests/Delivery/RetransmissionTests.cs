using Cdf.Client.Delivery;
using Charging.GtpPrime;
using Charging.GtpPrime.Codec;
using Charging.GtpPrime.Messages;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Cdf.Client.Tests.Delivery;

/// <summary>T3/N3 of Data Record Transfer Requests, which the delivery loop times itself (TS 29.060 §7.6).</summary>
public sealed class RetransmissionTests
{
    [Fact]
    public async Task AnUnansweredRequestGoesOutN3TimesWithItsNumberAtLeastT3ApartThenItsCgfIsDown_WithScriptedFakeCgf()
    {
        using var directory = new TempDirectory();
        var arrivals = new List<long>();
        using var fake = new ScriptedFakeCgf(f =>
        {
            if (f.Message is DataRecordTransferRequest)
            {
                lock (arrivals)
                    arrivals.Add(Stopwatch.GetTimestamp());
            }
            return null;
        });
        // The arrival times are taken when the fake processes a datagram: warm it up first, so a cold start (JIT,
        // a busy thread pool while other test assemblies run) does not hold the first request back until the second.
        using (var warmUp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
            warmUp.SendTo(GtpPrimeEncoder.Encode(GtpPrimeHeaderForm.V2, 1, new EchoRequest()), new IPEndPoint(IPAddress.Loopback, fake.Port));
        var warm = Stopwatch.StartNew();
        while (fake.Received.Count == 0 && warm.Elapsed < TimeSpan.FromSeconds(20))
            await Task.Delay(10);
        var options = CdfSetup.Options(directory.File("cdf.db"), fake.Port);
        options.T3 = TimeSpan.FromMilliseconds(1000);
        options.N3 = 3;
        options.EchoInterval = TimeSpan.FromMinutes(10);
        await using var client = new CdfClient(options);
        client.Start();
        await client.EnqueueAsync(CdfSetup.Records(1, 10));

        var deadline = Stopwatch.StartNew();
        while (client.Paths[0].State != CgfPathState.Down && deadline.Elapsed < TimeSpan.FromSeconds(20))
            await Task.Delay(20);
        Assert.Equal(CgfPathState.Down, client.Paths[0].State);
        // Down: nothing more goes to it (no other CGF to carry the request, so it stays uncertain).
        await Task.Delay(options.T3 * 2);

        var sent = fake.DataRequests;
        Assert.Equal(3, sent.Count);
        Assert.Single(sent.Select(f => f.Header.SequenceNumber).Distinct());
        Assert.All(sent, f => Assert.Equal(10, ((DataRecordTransferRequest)f.Message).Packet!.Records.Count));
        long[] times;
        lock (arrivals)
            times = [.. arrivals];
        for (var i = 1; i < times.Length; i++)
            Assert.True(Stopwatch.GetElapsedTime(times[i - 1], times[i]) >= options.T3 - TimeSpan.FromMilliseconds(20),
                $"transmission {i + 1} came {Stopwatch.GetElapsedTime(times[i - 1], times[i]).TotalMilliseconds:0} ms after the previous one");
        Assert.Equal(1, client.Statistics.Failovers);
        Assert.Equal(2, client.Statistics.Retransmissions);
        Assert.Equal(1, client.ReadOutboxStatus().UncertainRequests);
    }
}
