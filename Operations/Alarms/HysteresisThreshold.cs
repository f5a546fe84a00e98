namespace Operations.Alarms;

/// <summary>
/// Raise at or above one level, clear only below a lower one, so a value hovering at the limit does not raise and
/// clear an alarm on every observation. Pure: the caller feeds values and applies the transitions.
/// </summary>
public sealed class HysteresisThreshold
{
    private readonly double _raiseAt;
    private readonly double _clearBelow;

    public HysteresisThreshold(double raiseAt, double clearBelow)
    {
        if (clearBelow > raiseAt)
            throw new ArgumentOutOfRangeException(nameof(clearBelow), clearBelow, $"must not exceed the raise level {raiseAt}");
        _raiseAt = raiseAt;
        _clearBelow = clearBelow;
    }

    public bool IsRaised { get; private set; }

    public AlarmTransition Observe(double value)
    {
        if (!IsRaised && value >= _raiseAt)
        {
            IsRaised = true;
            return AlarmTransition.Raise;
        }
        if (IsRaised && value < _clearBelow)
        {
            IsRaised = false;
            return AlarmTransition.Clear;
        }
        return AlarmTransition.None;
    }
}
