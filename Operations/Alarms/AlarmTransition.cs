namespace Operations.Alarms;

/// <summary>What a pure alarm decision asks of the registry after an observation.</summary>
public enum AlarmTransition
{
    None,
    Raise,
    Clear,
}
