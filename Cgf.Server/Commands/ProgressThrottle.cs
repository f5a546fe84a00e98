namespace Cgf.Server.Commands;

/// <summary>
/// When a progress line is due where no bar can be drawn (a log file, a pipe): the first report, then at most one per
/// interval, and always the one that reaches the total, so the last line shows the end.
/// </summary>
public sealed class ProgressThrottle(long total, long intervalMs)
{
    private long _lastMs;
    private bool _reported;

    public bool IsDue(long done, long nowMs)
    {
        if (_reported && nowMs - _lastMs < intervalMs && done < total)
            return false;
        _reported = true;
        _lastMs = nowMs;
        return true;
    }
}
