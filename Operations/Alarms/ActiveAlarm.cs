namespace Operations.Alarms;

/// <summary>
/// An alarm in force: its name (the <c>alarm</c> tag of the gauge), what it is about (a peer address, or empty for the
/// whole node), why, and since when.
/// </summary>
public sealed record ActiveAlarm(string Name, string Subject, string Reason, DateTimeOffset Since);
