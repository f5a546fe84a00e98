using Cgf.Server.Tests.Infrastructure;
using Storage.Cgf;

namespace Cgf.Server.Tests;

/// <summary>Data Record Transfer Request behaviour (TS 32.295 §6.2.4; docs/gtp-prime.md §5.6), each over UDP and TCP.</summary>
public sealed class DataRecordTransferTests
{
    /// <summary>Each over UDP and TCP, on each storage provider (docs/cgf-pool.md: the answers are the same on both).</summary>
    public static TheoryData<string, StorageProvider> Transports => new()
    {
        { "udp", StorageProvider.Sqlite }, { "tcp", StorageProvider.Sqlite }, { "udp", StorageProvider.PostgreSql }, { "tcp", StorageProvider.PostgreSql },
    };

    [SkippableTheory, MemberData(nameof(Transports))]
    public async Task SendIsCommittedThenAcceptedWithRequestsResponded(string transport, StorageProvider provider)
    {
        await using var cgf = await TestCgf.StartAsync(provider);
        await using var cdf = await PeerConnection.OpenAsync(transport, cgf.Endpoint);

        var response = await cdf.RequestAsync(Gtpp.Send(11, Gtpp.Record(1), Gtpp.Record(2)));

        Assert.Equal(241, response.Type);
        Assert.Equal(11, response.Sequence);
        Assert.Equal(128, response.Cause);
        Assert.Equal([11], response.Responded);
        // The acknowledgement came after the commit: the CDRs are in the file now.
        Assert.Equal(2, cgf.Status().CommittedCdrs);
    }

    [SkippableTheory, MemberData(nameof(Transports))]
    public async Task SameSequenceNumberAndContentAgainIsAnswered253AndStoredOnce(string transport, StorageProvider provider)
    {
        await using var cgf = await TestCgf.StartAsync(provider);
        await using var cdf = await PeerConnection.OpenAsync(transport, cgf.Endpoint);
        var request = Gtpp.Send(7, Gtpp.Record(70));

        Assert.Equal(128, (await cdf.RequestAsync(request)).Cause);
        var again = await cdf.RequestAsync(request);

        Assert.Equal(253, again.Cause);
        Assert.Equal([7], again.Responded);
        Assert.Equal(1, cgf.Status().CommittedCdrs);
    }

    [SkippableTheory, MemberData(nameof(Transports))]
    public async Task SameSequenceNumberWithOtherContentAfterWrapIsANewRequest(string transport, StorageProvider provider)
    {
        await using var cgf = await TestCgf.StartAsync(provider);
        await using var cdf = await PeerConnection.OpenAsync(transport, cgf.Endpoint);

        Assert.Equal(128, (await cdf.RequestAsync(Gtpp.Send(65535, Gtpp.Record(1)))).Cause);
        Assert.Equal(128, (await cdf.RequestAsync(Gtpp.Send(0, Gtpp.Record(2)))).Cause);
        Assert.Equal(128, (await cdf.RequestAsync(Gtpp.Send(65535, Gtpp.Record(3)))).Cause);

        Assert.Equal(3, cgf.Status().CommittedCdrs);
    }

    [SkippableTheory, MemberData(nameof(Transports))]
    public async Task PossiblyDuplicatedPacketIsHeldPendingNotCommitted(string transport, StorageProvider provider)
    {
        await using var cgf = await TestCgf.StartAsync(provider);
        await using var cdf = await PeerConnection.OpenAsync(transport, cgf.Endpoint);

        var response = await cdf.RequestAsync(Gtpp.SendPossiblyDuplicated(20, Gtpp.Record(5), Gtpp.Record(6)));

        Assert.Equal(128, response.Cause);
        var status = cgf.Status();
        Assert.Equal(0, status.CommittedCdrs);
        Assert.Equal(2, status.PendingCdrs);
        Assert.Equal(1, status.PendingPackets);
    }

    [SkippableTheory, MemberData(nameof(Transports))]
    public async Task PossiblyDuplicatedPacketAlreadyCommittedIsAnswered252(string transport, StorageProvider provider)
    {
        await using var cgf = await TestCgf.StartAsync(provider);
        await using var cdf = await PeerConnection.OpenAsync(transport, cgf.Endpoint);
        await cdf.RequestAsync(Gtpp.Send(30, Gtpp.Record(9)));

        var response = await cdf.RequestAsync(Gtpp.SendPossiblyDuplicated(30, Gtpp.Record(9)));

        Assert.Equal(252, response.Cause);
        Assert.Equal(1, cgf.Status().CommittedCdrs);
        Assert.Equal(0, cgf.Status().PendingCdrs);
    }

    [SkippableTheory, MemberData(nameof(Transports))]
    public async Task TestPacketIsAnswered252WhenCommittedAnd128WhenNotInBothEncodings(string transport, StorageProvider provider)
    {
        await using var cgf = await TestCgf.StartAsync(provider);
        await using var cdf = await PeerConnection.OpenAsync(transport, cgf.Endpoint);
        await cdf.RequestAsync(Gtpp.Send(40, Gtpp.Record(40)));

        Assert.Equal(252, (await cdf.RequestAsync(Gtpp.TestPacket(40))).Cause);
        Assert.Equal(252, (await cdf.RequestAsync(Gtpp.TestPacketZeroRecords(40))).Cause);
        Assert.Equal(128, (await cdf.RequestAsync(Gtpp.TestPacket(41))).Cause);
        Assert.Equal(128, (await cdf.RequestAsync(Gtpp.TestPacketZeroRecords(41))).Cause);

        var status = cgf.Status();
        Assert.Equal(1, status.CommittedCdrs);
        Assert.Equal(0, status.PendingCdrs);
    }

    [SkippableTheory, MemberData(nameof(Transports))]
    public async Task ReleaseCommitsThePendingPackets(string transport, StorageProvider provider)
    {
        await using var cgf = await TestCgf.StartAsync(provider);
        await using var cdf = await PeerConnection.OpenAsync(transport, cgf.Endpoint);
        await cdf.RequestAsync(Gtpp.SendPossiblyDuplicated(100, Gtpp.Record(1)));
        await cdf.RequestAsync(Gtpp.SendPossiblyDuplicated(101, Gtpp.Record(2), Gtpp.Record(3)));

        var response = await cdf.RequestAsync(Gtpp.Release(102, 100, 101));

        Assert.Equal(128, response.Cause);
        Assert.Equal([102], response.Responded);
        var status = cgf.Status();
        Assert.Equal(3, status.CommittedCdrs);
        Assert.Equal(0, status.PendingCdrs);
        Assert.Equal(0, status.PossiblyDuplicateCdrs);
        // A released packet counts as committed here: a later test packet for it is answered 252.
        Assert.Equal(252, (await cdf.RequestAsync(Gtpp.TestPacket(100))).Cause);
    }

    [SkippableTheory, MemberData(nameof(Transports))]
    public async Task CancelDiscardsThePendingPackets(string transport, StorageProvider provider)
    {
        await using var cgf = await TestCgf.StartAsync(provider);
        await using var cdf = await PeerConnection.OpenAsync(transport, cgf.Endpoint);
        await cdf.RequestAsync(Gtpp.SendPossiblyDuplicated(200, Gtpp.Record(1)));

        var response = await cdf.RequestAsync(Gtpp.Cancel(201, 200));

        Assert.Equal(128, response.Cause);
        var status = cgf.Status();
        Assert.Equal(0, status.CommittedCdrs);
        Assert.Equal(0, status.PendingCdrs);
        Assert.Equal(128, (await cdf.RequestAsync(Gtpp.TestPacket(200))).Cause);
    }

    [SkippableTheory, MemberData(nameof(Transports))]
    public async Task ReleaseOrCancelWithAnUnknownNumberIsAnswered254AndChangesNothing(string transport, StorageProvider provider)
    {
        await using var cgf = await TestCgf.StartAsync(provider);
        await using var cdf = await PeerConnection.OpenAsync(transport, cgf.Endpoint);
        await cdf.RequestAsync(Gtpp.SendPossiblyDuplicated(300, Gtpp.Record(1)));

        Assert.Equal(254, (await cdf.RequestAsync(Gtpp.Release(301, 300, 999))).Cause);
        Assert.Equal(254, (await cdf.RequestAsync(Gtpp.Cancel(302, 999, 300))).Cause);

        var status = cgf.Status();
        Assert.Equal(0, status.CommittedCdrs);
        Assert.Equal(1, status.PendingCdrs);
    }

    [SkippableTheory, MemberData(nameof(Transports))]
    public async Task RetransmittedReleaseIsAnswered253(string transport, StorageProvider provider)
    {
        await using var cgf = await TestCgf.StartAsync(provider);
        await using var cdf = await PeerConnection.OpenAsync(transport, cgf.Endpoint);
        await cdf.RequestAsync(Gtpp.SendPossiblyDuplicated(400, Gtpp.Record(1)));
        Assert.Equal(128, (await cdf.RequestAsync(Gtpp.Release(401, 400))).Cause);

        Assert.Equal(253, (await cdf.RequestAsync(Gtpp.Release(401, 400))).Cause);
        Assert.Equal(1, cgf.Status().CommittedCdrs);
    }

    [SkippableTheory, MemberData(nameof(Transports))]
    public async Task RecordThatIsNotWellFormedBerIsAnswered177AndQuarantined(string transport, StorageProvider provider)
    {
        await using var cgf = await TestCgf.StartAsync(provider);
        await using var cdf = await PeerConnection.OpenAsync(transport, cgf.Endpoint);
        var truncated = Gtpp.Record(1)[..^2]; // inner length now overruns the record

        var response = await cdf.RequestAsync(Gtpp.Send(50, Gtpp.Record(2), truncated));

        Assert.Equal(177, response.Cause);
        var status = cgf.Status();
        Assert.Equal(1, status.CommittedCdrs);
        Assert.Equal(1, status.QuarantinedCdrs);
        // 177 is of the accepted class: the packet is done, a retransmission is a duplicate.
        Assert.Equal(253, (await cdf.RequestAsync(Gtpp.Send(50, Gtpp.Record(2), truncated))).Cause);
        Assert.Equal(1, cgf.Status().QuarantinedCdrs);
    }

    [SkippableTheory, MemberData(nameof(Transports))]
    public async Task PendingPacketsPastTheHoldTimeAreCommittedFlaggedPossiblyDuplicate(string transport, StorageProvider provider)
    {
        await using var cgf = await TestCgf.StartAsync(provider, new Dictionary<string, string?> { ["Cgf:PossiblyDuplicateHoldTime"] = "00:00:01" });
        await using var cdf = await PeerConnection.OpenAsync(transport, cgf.Endpoint);
        await cdf.RequestAsync(Gtpp.SendPossiblyDuplicated(60, Gtpp.Record(1), Gtpp.Record(2)));
        await cdf.RequestAsync(Gtpp.Send(61, Gtpp.Record(3)));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (cgf.Status().PendingCdrs > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(100);

        var status = cgf.Status();
        Assert.Equal(0, status.PendingCdrs);
        Assert.Equal(3, status.CommittedCdrs);
        Assert.Equal(2, status.PossiblyDuplicateCdrs);
        // Once flagged and committed, a Release for it is unknown.
        Assert.Equal(254, (await cdf.RequestAsync(Gtpp.Release(62, 60))).Cause);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task ManyRequestsAreEachAnsweredExactlyOnceThroughGroupedResponses(int udpReceivers)
    {
        await using var cgf = await TestCgf.StartAsync(new Dictionary<string, string?> { ["Cgf:Listen:UdpReceivers"] = udpReceivers.ToString() });
        using var cdf = new UdpPeer();
        const int count = 300;
        for (ushort seq = 1; seq <= count; seq++)
            cdf.Send(Gtpp.Send(seq, Gtpp.Record(seq)), cgf.Endpoint);

        var answered = new List<ushort>();
        while (answered.Count < count && await cdf.ReceiveAsync(TimeSpan.FromSeconds(15)) is { } datagram)
        {
            var response = Gtpp.Parse(datagram);
            Assert.Equal(128, response.Cause);
            Assert.Equal(response.Responded[0], response.Sequence);
            answered.AddRange(response.Responded);
        }

        Assert.Equal(Enumerable.Range(1, count).Select(i => (ushort)i), answered.Order());
        Assert.Equal(count, cgf.Status().CommittedCdrs);
    }
}
