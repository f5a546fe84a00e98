using Operations.Alarms;

namespace Cgf.Server.Monitoring;

/// <summary>
/// The duplicate-frame alarm's decision, per peer: raised when one request (a sequence number the ledger found to be
/// the same content again) has arrived <see cref="RaiseAtCopies"/> times within <see cref="Window"/>; cleared when no
/// frame of that peer has reached it for a whole window. Pure and not thread-safe: the caller serialises it.
/// </summary>
public sealed class DuplicateFrameDetector
{
    public const int RaiseAtCopies = 3;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);

    private readonly Dictionary<(string Peer, ushort Sequence), (int Copies, long FirstMs)> _frames = [];
    private readonly Dictionary<string, long> _raisedAtMs = new(StringComparer.Ordinal);

    /// <summary>
    /// A repeat of a request already stored (its first copy counts too); Raise when this repeat is the one that
    /// makes <see cref="RaiseAtCopies"/> and the peer's alarm is not already up.
    /// </summary>
    public AlarmTransition ObserveRepeat(string peer, ushort sequence, long nowMs, out int copies)
    {
        var key = (peer, sequence);
        if (!_frames.TryGetValue(key, out var frame) || nowMs - frame.FirstMs > Window.TotalMilliseconds)
            frame = (1, nowMs);
        frame.Copies++;
        _frames[key] = frame;
        copies = frame.Copies;
        if (frame.Copies < RaiseAtCopies)
            return AlarmTransition.None;
        var wasRaised = _raisedAtMs.ContainsKey(peer);
        _raisedAtMs[peer] = nowMs;
        return wasRaised ? AlarmTransition.None : AlarmTransition.Raise;
    }

    /// <summary>Peers whose alarm has seen no frame reach the threshold for a whole window; forgets old frames.</summary>
    public IReadOnlyList<string> Expire(long nowMs)
    {
        var windowMs = (long)Window.TotalMilliseconds;
        foreach (var key in _frames.Where(f => nowMs - f.Value.FirstMs > windowMs).Select(f => f.Key).ToList())
            _frames.Remove(key);
        var cleared = _raisedAtMs.Where(p => nowMs - p.Value > windowMs).Select(p => p.Key).ToList();
        foreach (var peer in cleared)
            _raisedAtMs.Remove(peer);
        return cleared;
    }
}
