using Operations.Alarms;

namespace Cgf.Server.Monitoring;

/// <summary>
/// Feeds the <see cref="DuplicateFrameDetector"/> from the writer thread (repeats are rare, so the lock is cheap) and
/// clears from the monitor's timer.
/// </summary>
public sealed class DuplicateFrameAlarm(AlarmRegistry alarms)
{
    private readonly Lock _lock = new();
    private readonly DuplicateFrameDetector _detector = new();

    public void OnRepeat(string peer, ushort sequence)
    {
        AlarmTransition transition;
        int copies;
        lock (_lock)
            transition = _detector.ObserveRepeat(peer, sequence, NowMs(), out copies);
        if (transition == AlarmTransition.Raise)
            alarms.Raise(CgfAlarms.DuplicateFrame, peer, $"request with sequence number {sequence} received {copies} times");
    }

    public void Expire()
    {
        IReadOnlyList<string> cleared;
        lock (_lock)
            cleared = _detector.Expire(NowMs());
        foreach (var peer in cleared)
            alarms.Clear(CgfAlarms.DuplicateFrame, peer);
    }

    private static long NowMs() => Environment.TickCount64;
}
