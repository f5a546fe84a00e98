namespace Storage.Cdf;

/// <summary>What a test packet (or Cancel) told about an uncertain request at its CGF.</summary>
public enum Presence
{
    Unknown = 0,
    /// <summary>Answered 128 to the test packet: the CGF never committed it.</summary>
    Absent = 1,
    /// <summary>Answered 252/253: the CGF had committed it already.</summary>
    Present = 2,
}
