using Storage.Cgf.Ledger;
using Storage.Cgf.Writer;

namespace Cgf.Server.Tests.Writer;

public sealed class PeerCountersTests
{
    [Fact]
    public void ARequestCountsItsKindAndItsOutcomeUnderTheGivenName()
    {
        var counters = new PeerCounters(outcome => outcome == TransferOutcome.DuplicatePending ? "cause253" : "other");
        counters.AddRequest(1, TransferKind.SendPossiblyDuplicated, TransferOutcome.DuplicatePending, nowMs: 5);
        counters.AddRequest(1, TransferKind.Send, TransferOutcome.DuplicatePending, nowMs: 7);
        counters.AddRequest(2, TransferKind.TestPacket, TransferOutcome.NotCommitted, nowMs: 6);
        counters.Add(2, "cdrsCommitted", 50);
        Assert.Equal(
            new Dictionary<(int, string), long>
            {
                [(1, "sendPossiblyDuplicated")] = 1, [(1, "send")] = 1, [(1, "cause253")] = 2,
                [(2, "testPacket")] = 1, [(2, "other")] = 1, [(2, "cdrsCommitted")] = 50,
            },
            counters.Counts.ToDictionary());
        Assert.Equal(new Dictionary<int, long> { [1] = 7, [2] = 6 }, counters.LastSeen.ToDictionary());
    }

    [Fact]
    public void ClearStartsTheNextBatchFromNothing()
    {
        var counters = new PeerCounters(outcome => outcome.ToString());
        counters.AddRequest(1, TransferKind.Send, TransferOutcome.Accepted, nowMs: 5);
        counters.Clear();
        Assert.Empty(counters.Counts);
        Assert.Empty(counters.LastSeen);
    }
}
