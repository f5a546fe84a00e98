using Storage.Cgf;
using Storage.Cgf.Ledger;
using Storage.Cgf.Writer;

namespace Cgf.Server.Tests.Writer;

/// <summary>Requests answered before the ledger still reach table peer_counters, alone or beside a batch.</summary>
public sealed class RejectedRequestCountTests
{
    [Fact]
    public void RejectedRequestsAloneAreCountedUnderANewPeer()
    {
        using var directory = new TempDirectory();
        var path = directory.File("cgf.db");
        var observer = new Observer();
        using (var writer = new CgfWriter<TransferRequest>(new CgfWriterOptions { Path = path }, observer))
        {
            writer.CountRejected("192.0.2.9", null, "cause193");
            writer.CountRejected("192.0.2.9", null, "cause193");
            writer.CountRejected("192.0.2.9", TransferKind.Send, "cause199");
        }

        Assert.Null(observer.Error);
        var peer = Assert.Single(CgfStatusReader.Read(path).Peers);
        Assert.Equal("192.0.2.9", peer.Address);
        Assert.Equal(new Dictionary<string, long> { ["malformed"] = 2, ["cause193"] = 2, ["send"] = 1, ["cause199"] = 1 }, peer.Requests);
    }

    [Fact]
    public void RejectedRequestsBesideABatchAddToTheSamePeer()
    {
        using var directory = new TempDirectory();
        var path = directory.File("cgf.db");
        var observer = new Observer();
        using (var writer = new CgfWriter<TransferRequest>(new CgfWriterOptions { Path = path, OutcomeCounterName = o => o.ToString() }, observer))
        {
            writer.CountRejected("192.0.2.9", null, "cause202");
            writer.TryEnqueue(new TransferRequest
            {
                Peer = "192.0.2.9", SequenceNumber = 1, Kind = TransferKind.Send, RecordFormat = TestCdrs.Rel17RecordFormat,
                Records = [new IncomingRecord(TestCdrs.Sgw("262010000000001", 1, 1), true, null)],
            });
        }

        Assert.Null(observer.Error);
        var peer = Assert.Single(CgfStatusReader.Read(path).Peers);
        Assert.Equal(1, peer.Requests["malformed"]);
        Assert.Equal(1, peer.Requests["cause202"]);
        Assert.Equal(1, peer.Requests["send"]);
        Assert.Equal(1, peer.Requests["Accepted"]);
    }

    private sealed class Observer : ICgfWriterObserver<TransferRequest>
    {
        public void OnBatchCompleted(IReadOnlyList<TransferRequest> batch, TimeSpan commitDuration, bool committed) { }
        public void OnHoldExpired(int packets, int cdrs) { }
        // Called on the writer thread, which must not throw: the test looks at it afterwards.
        public Exception? Error { get; private set; }
        public void OnStorageError(Exception exception) => Error = exception;
    }
}
