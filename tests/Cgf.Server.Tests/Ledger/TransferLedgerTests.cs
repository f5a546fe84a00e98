using Storage.Cgf.Ledger;

namespace Cgf.Server.Tests.Ledger;

/// <summary>
/// The ledger against the README's table "Behaviour chosen where TS 32.295 text is not at hand", row by row, and
/// each case inside a row. Rows about framing, decoding and responses (grouped responses, Node Address, versions,
/// unanswerable input, requests that do not decode, Redirection) are the protocol layer's, not the ledger's.
/// Expected outcomes are the table's causes: 128 Accepted / NotCommitted, 177 AcceptedWithQuarantinedRecords,
/// 252 AlreadyCommitted, 253 AlreadyFulfilled / DuplicatePending, 254 ListedPacketNotPending.
/// </summary>
public sealed class TransferLedgerTests
{
    private const int Peer = 1;
    private const int OtherPeer = 2;
    private static readonly UInt128 ContentA = 0xA;
    private static readonly UInt128 ContentB = 0xB;
    private readonly TransferLedger _ledger = new();
    private readonly RecordingLedgerStore _store = new();

    // Row "What identifies a path": the peer (its address); each peer has its own sequence space.

    [Fact]
    public void TheSameNumberAndContentFromAnotherPeerIsANewRequest()
    {
        Given(Send(5, ContentA));
        Assert.Equal(TransferOutcome.Accepted, _ledger.Apply(OtherPeer, Send(5, ContentA), _store));
        Assert.Equal(["store 2/5 Committed 1", "save 2/5 Send Committed 10"], _store.Calls);
    }

    // Row "Same content": the Packet Transfer Command is not part of it.

    [Fact]
    public void ASendOfContentCommittedWithASendIsAlreadyFulfilled()
    {
        Given(Send(5, ContentA));
        Assert.Equal(TransferOutcome.AlreadyFulfilled, Apply(Send(5, ContentA)));
        Assert.Empty(_store.Calls);
    }

    [Fact]
    public void APossiblyDuplicatedSendOfContentCommittedHereIsAlreadyCommitted()
    {
        Given(Send(5, ContentA));
        Assert.Equal(TransferOutcome.AlreadyCommitted, Apply(Send(5, ContentA, TransferKind.SendPossiblyDuplicated)));
        Assert.Empty(_store.Calls);
    }

    [Fact]
    public void APossiblyDuplicatedSendOfContentReleasedHereIsAlreadyCommitted()
    {
        Given(Send(5, ContentA, TransferKind.SendPossiblyDuplicated));
        Given(Release(6, ContentB, 5));
        Assert.Equal(TransferOutcome.AlreadyCommitted, Apply(Send(5, ContentA, TransferKind.SendPossiblyDuplicated)));
        Assert.Empty(_store.Calls);
    }

    [Fact]
    public void ASendOfContentFirstSentPossiblyDuplicatedAndReleasedIsAlreadyFulfilled()
    {
        Given(Send(5, ContentA, TransferKind.SendPossiblyDuplicated));
        Given(Release(6, ContentB, 5));
        Assert.Equal(TransferOutcome.AlreadyFulfilled, Apply(Send(5, ContentA)));
    }

    // Row "Same sequence number, other content": a new request; a pending packet there is committed flagged, not lost.

    [Fact]
    public void OtherContentAtACommittedNumberIsStoredAsANewRequest()
    {
        Given(Send(5, ContentA));
        Assert.Equal(TransferOutcome.Accepted, Apply(Send(5, ContentB)));
        Assert.Equal(["store 1/5 Committed 1", "save 1/5 Send Committed 11"], _store.Calls);
        Assert.Equal((ContentB, TransferState.Committed), HashAndState(5));
    }

    [Fact]
    public void OtherContentAtAPendingNumberCommitsThePendingPacketFlaggedThenStoresTheNewOne()
    {
        Given(Send(5, ContentA, TransferKind.SendPossiblyDuplicated));
        Assert.Equal(TransferOutcome.Accepted, Apply(Send(5, ContentB)));
        Assert.Equal(
            ["commit 1/5 possibly-duplicate", "save 1/5 SendPossiblyDuplicated CommittedPossiblyDuplicate 10",
             "store 1/5 Committed 1", "save 1/5 Send Committed 11"],
            _store.Calls);
    }

    [Fact]
    public void OtherContentSentPossiblyDuplicatedAtAPendingNumberIsHeldPendingInItsPlace()
    {
        Given(Send(5, ContentA, TransferKind.SendPossiblyDuplicated));
        Assert.Equal(TransferOutcome.Accepted, Apply(Send(5, ContentB, TransferKind.SendPossiblyDuplicated)));
        Assert.Equal(
            ["commit 1/5 possibly-duplicate", "save 1/5 SendPossiblyDuplicated CommittedPossiblyDuplicate 10",
             "store 1/5 Pending 1", "save 1/5 SendPossiblyDuplicated Pending 11"],
            _store.Calls);
    }

    [Fact]
    public void TheSameContentAtACancelledNumberIsStoredAgain()
    {
        Given(Send(5, ContentA, TransferKind.SendPossiblyDuplicated));
        Given(Cancel(6, ContentB, 5));
        Assert.Equal(TransferOutcome.Accepted, Apply(Send(5, ContentA, TransferKind.SendPossiblyDuplicated)));
        Assert.Equal(["store 1/5 Pending 1", "save 1/5 SendPossiblyDuplicated Pending 10"], _store.Calls);
    }

    // Row "Send (PTC 1) identical to a pending PTC 2 packet": 253, and the packet stays pending.

    [Fact]
    public void ASendIdenticalToAPendingPacketIsDuplicatePendingAndLeavesItPending()
    {
        Given(Send(5, ContentA, TransferKind.SendPossiblyDuplicated));
        Assert.Equal(TransferOutcome.DuplicatePending, Apply(Send(5, ContentA)));
        Assert.Empty(_store.Calls);
        Assert.Equal((ContentA, TransferState.Pending), HashAndState(5));
    }

    [Fact]
    public void APossiblyDuplicatedSendIdenticalToAPendingPacketIsDuplicatePending()
    {
        Given(Send(5, ContentA, TransferKind.SendPossiblyDuplicated));
        Assert.Equal(TransferOutcome.DuplicatePending, Apply(Send(5, ContentA, TransferKind.SendPossiblyDuplicated)));
        Assert.Empty(_store.Calls);
    }

    // Row "Test packet": 252 if committed here (PTC 1, released, hold time expired), 128 otherwise; nothing stored.

    [Fact]
    public void ATestPacketForANumberSentWithSendIsAlreadyCommitted()
    {
        Given(Send(5, ContentA));
        Assert.Equal(TransferOutcome.AlreadyCommitted, Apply(Test(5)));
        Assert.Empty(_store.Calls);
    }

    [Fact]
    public void ATestPacketForAReleasedNumberIsAlreadyCommitted()
    {
        Given(Send(5, ContentA, TransferKind.SendPossiblyDuplicated));
        Given(Release(6, ContentB, 5));
        Assert.Equal(TransferOutcome.AlreadyCommitted, Apply(Test(5)));
        Assert.Empty(_store.Calls);
    }

    [Fact]
    public void ATestPacketForANumberCommittedAtHoldTimeExpiryIsAlreadyCommitted()
    {
        Given(Send(5, ContentA, TransferKind.SendPossiblyDuplicated, receivedAtMs: 1000));
        _ledger.ExpireHeld(_ledger.HeldSince(1000), _store);
        _ledger.Commit();
        _store.Calls.Clear();
        Assert.Equal(TransferOutcome.AlreadyCommitted, Apply(Test(5)));
        Assert.Empty(_store.Calls);
    }

    [Fact]
    public void ATestPacketForAnUnknownNumberIsNotCommitted()
    {
        Assert.Equal(TransferOutcome.NotCommitted, Apply(Test(5)));
        Assert.Empty(_store.Calls);
        Assert.False(_ledger.TryGet(new TransferKey(Peer, 5), out _));
    }

    [Fact]
    public void ATestPacketForAPendingNumberIsNotCommitted()
    {
        Given(Send(5, ContentA, TransferKind.SendPossiblyDuplicated));
        Assert.Equal(TransferOutcome.NotCommitted, Apply(Test(5)));
        Assert.Empty(_store.Calls);
        Assert.Equal((ContentA, TransferState.Pending), HashAndState(5));
    }

    [Fact]
    public void ATestPacketForACancelledNumberIsNotCommitted()
    {
        Given(Send(5, ContentA, TransferKind.SendPossiblyDuplicated));
        Given(Cancel(6, ContentB, 5));
        Assert.Equal(TransferOutcome.NotCommitted, Apply(Test(5)));
        Assert.Empty(_store.Calls);
    }

    [Fact]
    public void ATestPacketForTheNumberOfAReleaseIsNotCommitted()
    {
        // The number carried a Release, not a data packet: no CDRs were committed under it.
        Given(Send(5, ContentA, TransferKind.SendPossiblyDuplicated));
        Given(Release(6, ContentB, 5));
        Assert.Equal(TransferOutcome.NotCommitted, Apply(Test(6)));
    }

    // Row "Release / Cancel": 254 and nothing changes unless every number is a pending packet of that peer; a retransmission is 253.

    [Fact]
    public void AReleaseCommitsTheListedPendingPackets()
    {
        Given(Send(5, ContentA, TransferKind.SendPossiblyDuplicated));
        Given(Send(6, ContentB, TransferKind.SendPossiblyDuplicated));
        Assert.Equal(TransferOutcome.Accepted, Apply(Release(7, 0x7, 5, 6)));
        Assert.Equal(
            ["commit 1/5", "save 1/5 SendPossiblyDuplicated Committed 10",
             "commit 1/6", "save 1/6 SendPossiblyDuplicated Committed 11",
             "save 1/7 Release Committed 7"],
            _store.Calls);
    }

    [Fact]
    public void ACancelDeletesTheListedPendingPackets()
    {
        Given(Send(5, ContentA, TransferKind.SendPossiblyDuplicated));
        Assert.Equal(TransferOutcome.Accepted, Apply(Cancel(7, 0x7, 5)));
        Assert.Equal(["delete 1/5", "save 1/5 SendPossiblyDuplicated Cancelled 10", "save 1/7 Cancel Committed 7"], _store.Calls);
    }

    [Fact]
    public void ANumberListedTwiceIsReleasedOnce()
    {
        Given(Send(5, ContentA, TransferKind.SendPossiblyDuplicated));
        Assert.Equal(TransferOutcome.Accepted, Apply(Release(7, 0x7, 5, 5)));
        Assert.Equal(["commit 1/5", "save 1/5 SendPossiblyDuplicated Committed 10", "save 1/7 Release Committed 7"], _store.Calls);
    }

    [Fact]
    public void AReleaseAtANumberHoldingAPendingPacketCommitsThatPacketFlagged()
    {
        Given(Send(5, ContentA, TransferKind.SendPossiblyDuplicated));
        Given(Send(7, ContentB, TransferKind.SendPossiblyDuplicated));
        Assert.Equal(TransferOutcome.Accepted, Apply(Release(7, 0x7, 5)));
        Assert.Equal(
            ["commit 1/5", "save 1/5 SendPossiblyDuplicated Committed 10",
             "commit 1/7 possibly-duplicate", "save 1/7 SendPossiblyDuplicated CommittedPossiblyDuplicate 11",
             "save 1/7 Release Committed 7"],
            _store.Calls);
    }

    [Fact]
    public void AReleaseListingAnUnknownNumberChangesNothing()
    {
        Given(Send(5, ContentA, TransferKind.SendPossiblyDuplicated));
        Assert.Equal(TransferOutcome.ListedPacketNotPending, Apply(Release(7, 0x7, 5, 9)));
        Assert.Empty(_store.Calls);
        Assert.Equal((ContentA, TransferState.Pending), HashAndState(5));
        Assert.False(_ledger.TryGet(new TransferKey(Peer, 7), out _));
    }

    [Fact]
    public void AReleaseListingACommittedNumberChangesNothing()
    {
        Given(Send(4, ContentB));
        Given(Send(5, ContentA, TransferKind.SendPossiblyDuplicated));
        Assert.Equal(TransferOutcome.ListedPacketNotPending, Apply(Release(7, 0x7, 5, 4)));
        Assert.Empty(_store.Calls);
        Assert.Equal((ContentA, TransferState.Pending), HashAndState(5));
    }

    [Fact]
    public void ACancelListingACancelledNumberChangesNothing()
    {
        Given(Send(5, ContentA, TransferKind.SendPossiblyDuplicated));
        Given(Cancel(6, 0x6, 5));
        Assert.Equal(TransferOutcome.ListedPacketNotPending, Apply(Cancel(7, 0x7, 5)));
        Assert.Empty(_store.Calls);
    }

    [Fact]
    public void AReleaseListingAnotherPeersPendingNumberChangesNothing()
    {
        Given(Send(5, ContentA, TransferKind.SendPossiblyDuplicated), OtherPeer);
        Assert.Equal(TransferOutcome.ListedPacketNotPending, Apply(Release(7, 0x7, 5)));
        Assert.Empty(_store.Calls);
        Assert.Equal((ContentA, TransferState.Pending), HashAndState(5, OtherPeer));
    }

    [Fact]
    public void ARetransmittedReleaseIsAlreadyFulfilled()
    {
        Given(Send(5, ContentA, TransferKind.SendPossiblyDuplicated));
        Given(Release(7, 0x7, 5));
        Assert.Equal(TransferOutcome.AlreadyFulfilled, Apply(Release(7, 0x7, 5)));
        Assert.Empty(_store.Calls);
    }

    [Fact]
    public void ARetransmittedCancelIsAlreadyFulfilled()
    {
        Given(Send(5, ContentA, TransferKind.SendPossiblyDuplicated));
        Given(Cancel(7, 0x7, 5));
        Assert.Equal(TransferOutcome.AlreadyFulfilled, Apply(Cancel(7, 0x7, 5)));
        Assert.Empty(_store.Calls);
    }

    [Fact]
    public void ACancelAtTheNumberOfAReleaseWithTheSameListIsNotARetransmission()
    {
        // Same number, other kind: judged afresh, and 5 is no longer pending.
        Given(Send(5, ContentA, TransferKind.SendPossiblyDuplicated));
        Given(Release(7, 0x7, 5));
        Assert.Equal(TransferOutcome.ListedPacketNotPending, Apply(Cancel(7, 0x7, 5)));
    }

    // Row "A record that is not well-formed BER": 177 (accepted class), the request is stored, its bad records quarantined.

    [Fact]
    public void ARequestWithAMalformedRecordIsAcceptedWithQuarantinedRecords()
    {
        Assert.Equal(TransferOutcome.AcceptedWithQuarantinedRecords, Apply(Send(5, ContentA, wellFormed: false)));
        Assert.Equal(["store 1/5 Committed 1", "save 1/5 Send Committed 10"], _store.Calls);
    }

    [Fact]
    public void ARetransmittedRequestWithAMalformedRecordIsAlreadyFulfilled()
    {
        Given(Send(5, ContentA, wellFormed: false));
        Assert.Equal(TransferOutcome.AlreadyFulfilled, Apply(Send(5, ContentA, wellFormed: false)));
        Assert.Empty(_store.Calls);
    }

    // The transaction around the decisions.

    [Fact]
    public void DecisionsOfAFailedTransactionAreForgotten()
    {
        Assert.Equal(TransferOutcome.Accepted, Apply(Send(5, ContentA)));
        _ledger.Discard();
        Assert.False(_ledger.TryGet(new TransferKey(Peer, 5), out _));
        Assert.Equal(TransferOutcome.Accepted, Apply(Send(5, ContentA)));
    }

    [Fact]
    public void ALaterRequestOfTheSameTransactionSeesTheEarlierOnesDecision()
    {
        Assert.Equal(TransferOutcome.Accepted, Apply(Send(5, ContentA, TransferKind.SendPossiblyDuplicated)));
        Assert.Equal(TransferOutcome.Accepted, Apply(Release(6, 0x6, 5)));
        Assert.Equal(TransferOutcome.AlreadyCommitted, Apply(Test(5)));
    }

    [Fact]
    public void OnlyPendingPacketsReceivedByTheCutoffAreHeldPastTheirTime()
    {
        Given(Send(5, ContentA, TransferKind.SendPossiblyDuplicated, receivedAtMs: 1000));
        Given(Send(6, ContentB, TransferKind.SendPossiblyDuplicated, receivedAtMs: 1001));
        Given(Send(7, ContentA, receivedAtMs: 10));
        Assert.Equal([new TransferKey(Peer, 5)], _ledger.HeldSince(1000));
    }

    [Fact]
    public void ExpiringHeldPacketsCommitsThemFlaggedAndCountsTheirCdrs()
    {
        Given(Send(5, ContentA, TransferKind.SendPossiblyDuplicated, receivedAtMs: 1000));
        Given(Send(6, ContentB, TransferKind.SendPossiblyDuplicated, receivedAtMs: 1000));
        _store.PendingCdrs = 4;
        Assert.Equal(8, _ledger.ExpireHeld(_ledger.HeldSince(1000), _store));
        // Each packet's CDRs, then its state; the packets in any order.
        Assert.Equal(
            new[] { "commit 1/5 possibly-duplicate", "commit 1/6 possibly-duplicate",
                    "save 1/5 SendPossiblyDuplicated CommittedPossiblyDuplicate 10", "save 1/6 SendPossiblyDuplicated CommittedPossiblyDuplicate 11" },
            _store.Calls.Order());
        Assert.True(_store.Calls.IndexOf("commit 1/5 possibly-duplicate") < _store.Calls.IndexOf("save 1/5 SendPossiblyDuplicated CommittedPossiblyDuplicate 10"));
        _ledger.Commit();
        Assert.Empty(_ledger.HeldSince(1000));
    }

    private TransferOutcome Apply(TransferRequest request) => _ledger.Apply(Peer, request, _store);

    /// <summary>A request decided and committed before the one under test; what it wrote is not the test's.</summary>
    // A writer of several (CgfWriterGroup) loads only its own peers' states: the others' are not its to answer or expire.

    [Fact]
    public void ALedgerThatKeepsSomePeersLoadsOnlyTheirStates()
    {
        var ledger = new TransferLedger(peer => peer == Peer);
        var held = new TransferEntry(ContentA, TransferKind.SendPossiblyDuplicated, TransferState.Pending, 10);
        ledger.Load(new TransferKey(Peer, 5), held);
        ledger.Load(new TransferKey(OtherPeer, 5), held);

        Assert.True(ledger.TryGet(new TransferKey(Peer, 5), out _));
        Assert.False(ledger.TryGet(new TransferKey(OtherPeer, 5), out _));
        Assert.Equal([new TransferKey(Peer, 5)], ledger.HeldSince(1000));
    }

    private void Given(TransferRequest request, int peer = Peer)
    {
        var outcome = _ledger.Apply(peer, request, _store);
        Assert.True(outcome is TransferOutcome.Accepted or TransferOutcome.AcceptedWithQuarantinedRecords, $"given request: {outcome}");
        _ledger.Commit();
        _store.Calls.Clear();
    }

    private (UInt128, TransferState) HashAndState(ushort sequence, int peer = Peer)
    {
        Assert.True(_ledger.TryGet(new TransferKey(peer, sequence), out var entry));
        return (entry.Hash, entry.State);
    }

    private static TransferRequest Send(ushort sequence, UInt128 content, TransferKind kind = TransferKind.Send, bool wellFormed = true,
        long receivedAtMs = 1000) => new()
        {
            Peer = "192.0.2.1", SequenceNumber = sequence, Kind = kind, ContentHash = content, ReceivedAtMs = receivedAtMs,
            Records = [new IncomingRecord([0x30, 0x00], wellFormed)],
        };

    private static TransferRequest Test(ushort sequence) =>
        new() { Peer = "192.0.2.1", SequenceNumber = sequence, Kind = TransferKind.TestPacket };

    private static TransferRequest Release(ushort sequence, UInt128 list, params ushort[] listed) =>
        new() { Peer = "192.0.2.1", SequenceNumber = sequence, Kind = TransferKind.Release, ContentHash = list, Sequences = listed };

    private static TransferRequest Cancel(ushort sequence, UInt128 list, params ushort[] listed) =>
        new() { Peer = "192.0.2.1", SequenceNumber = sequence, Kind = TransferKind.Cancel, ContentHash = list, Sequences = listed };
}
