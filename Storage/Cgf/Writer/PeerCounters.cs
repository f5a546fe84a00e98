using Storage.Cgf.Ledger;
using System.Runtime.InteropServices;

namespace Storage.Cgf.Writer;

/// <summary>
/// What one batch adds to table <c>peer_counters</c> (per peer: request kinds, outcomes, CDRs) and to
/// <c>peers.last_seen</c>; written with the batch, in its transaction, and cleared for the next.
/// </summary>
internal sealed class PeerCounters
{
    private readonly Dictionary<(int PeerId, string Name), long> _counts = new();
    private readonly Dictionary<int, long> _lastSeen = new();
    private readonly string[] _outcomeNames;

    /// <param name="outcomeName">The counter an outcome is counted under (the CGF names them by the cause it answers).</param>
    public PeerCounters(Func<TransferOutcome, string> outcomeName)
    {
        var outcomes = Enum.GetValues<TransferOutcome>();
        _outcomeNames = new string[(int)outcomes.Max() + 1];
        foreach (var outcome in outcomes)
            _outcomeNames[(int)outcome] = outcomeName(outcome);
    }

    public IEnumerable<KeyValuePair<(int PeerId, string Name), long>> Counts => _counts;

    public IEnumerable<KeyValuePair<int, long>> LastSeen => _lastSeen;

    /// <summary>The request counter of a Data Record Transfer Request that could not be decoded (its cause is counted too).</summary>
    public const string MalformedName = "malformed";

    public void Add(int peerId, string name, long by = 1) =>
        CollectionsMarshal.GetValueRefOrAddDefault(_counts, (peerId, name), out _) += by;

    /// <summary>Adds to a counter of a request the ledger did not decide, and marks the peer seen at <paramref name="nowMs"/>.</summary>
    public void Add(int peerId, string name, long by, long nowMs)
    {
        Add(peerId, name, by);
        _lastSeen[peerId] = nowMs;
    }

    /// <summary>Counts a decided request: its kind and its outcome, and that the peer was seen at <paramref name="nowMs"/>.</summary>
    public void AddRequest(int peerId, TransferKind kind, TransferOutcome outcome, long nowMs)
    {
        Add(peerId, KindName(kind));
        Add(peerId, _outcomeNames[(int)outcome]);
        _lastSeen[peerId] = nowMs;
    }

    public void Clear()
    {
        _counts.Clear();
        _lastSeen.Clear();
    }

    internal static string KindName(TransferKind kind) => kind switch
    {
        TransferKind.Send => "send",
        TransferKind.SendPossiblyDuplicated => "sendPossiblyDuplicated",
        TransferKind.TestPacket => "testPacket",
        TransferKind.Release => "release",
        TransferKind.Cancel => "cancel",
        _ => "other",
    };
}
