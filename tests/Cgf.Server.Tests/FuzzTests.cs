using Cgf.Server.Tests.Infrastructure;

namespace Cgf.Server.Tests;

/// <summary>Randomly mutated valid requests against a running server: it never crashes and still answers afterwards.</summary>
[Collection(SerialCollection.Name)]
public sealed class FuzzTests
{
    [Fact]
    public async Task HundredThousandMutatedRequestsNeverStopTheServer()
    {
        await using var cgf = await TestCgf.StartAsync(new Dictionary<string, string?> { ["Cgf:PossiblyDuplicateHoldTime"] = "00:00:01" });
        using var cdf = new UdpPeer();
        var random = new Random(20261122);
        byte[][] seeds =
        [
            Gtpp.EchoRequest(1), Gtpp.NodeAliveRequest(2), Gtpp.Send(3, Gtpp.Record(3), Gtpp.Record(4)),
            Gtpp.SendPossiblyDuplicated(4, Gtpp.Record(5)), Gtpp.TestPacket(5), Gtpp.TestPacketZeroRecords(6),
            Gtpp.Release(7, 4), Gtpp.Cancel(8, 4), Gtpp.RedirectionResponse(9), Gtpp.EchoRequest(10, Gtpp.V0Long),
            Gtpp.Message(241, 11, [0x01, 0x80, 0xFD, 0x00, 0x02, 0x00, 0x0B]),
        ];

        // Drain answers so the socket buffer never fills; their content is not the point here.
        using var stop = new CancellationTokenSource();
        var draining = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
                await cdf.ReceiveAsync(TimeSpan.FromMilliseconds(200));
        });

        const int total = 100_000;
        for (var i = 0; i < total; i++)
        {
            cdf.Send(Mutate(seeds[random.Next(seeds.Length)], random), cgf.Endpoint);
            if (i % 200 == 199)
                await Task.Delay(1);
        }
        stop.Cancel();
        await draining;

        Assert.NotNull(await AnswerTo(cdf, cgf, Gtpp.EchoRequest(60000), 2, 60000));
        // 253 when a retransmission finds the first copy committed.
        Assert.Contains((await AnswerTo(cdf, cgf, Gtpp.Send(60001, Gtpp.Record(60001)), 241, 60001))?.Cause, new int?[] { 128, 253 });
    }

    /// <summary>
    /// Sends <paramref name="request"/> and retransmits it every 2 s, as a CDF does, skipping late answers
    /// to fuzzed requests until the one for (type, sequence number) arrives.
    /// </summary>
    private static async Task<Gtpp.Parsed?> AnswerTo(UdpPeer cdf, TestCgf cgf, byte[] request, byte type, ushort sequence)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            cdf.Send(request, cgf.Endpoint);
            while (await cdf.ReceiveAsync(TimeSpan.FromSeconds(2)) is { } datagram)
            {
                var message = Gtpp.Parse(datagram);
                if (message.Type == type && (message.Sequence == sequence || message.Responded.Contains(sequence)))
                    return message;
            }
        }
        return null;
    }

    private static byte[] Mutate(byte[] seed, Random random)
    {
        var message = (byte[])seed.Clone();
        switch (random.Next(6))
        {
            case 0: // flip bits
                for (var n = random.Next(1, 4); n > 0; n--)
                    message[random.Next(message.Length)] ^= (byte)(1 << random.Next(8));
                break;
            case 1: // truncate
                message = message[..random.Next(1, message.Length)];
                break;
            case 2: // tamper with the header Length
                message[2] = (byte)random.Next(256);
                message[3] = (byte)random.Next(256);
                break;
            case 3: // insert random octets
                var at = random.Next(message.Length);
                var extra = new byte[random.Next(1, 8)];
                random.NextBytes(extra);
                message = [.. message[..at], .. extra, .. message[at..]];
                break;
            case 4: // random octet values anywhere after the header
                if (message.Length > 6)
                    message[random.Next(6, message.Length)] = (byte)random.Next(256);
                break;
            default: // random sequence number: exercises duplicate detection
                message[4] = (byte)random.Next(256);
                message[5] = (byte)random.Next(256);
                break;
        }
        return message;
    }
}
