namespace Gtp.Firewall.Limits;

/// <summary>
/// Selection Mode (TS 29.060 §7.7.12, TS 29.274 §8.58; values TS 23.060 §9.2): where the APN came from and whether
/// the subscription was verified. The low two bits of the IE; 3 is reserved.
/// </summary>
public enum SelectionMode : byte
{
    /// <summary>MS or network provided APN, subscription verified (Junos <c>vrf</c>).</summary>
    Verified = 0,
    /// <summary>MS provided APN, subscription not verified (Junos <c>ms</c>).</summary>
    MsProvided = 1,
    /// <summary>Network provided APN, subscription not verified (Junos <c>net</c>).</summary>
    NetworkProvided = 2,
    Reserved = 3,
    /// <summary>The message carries no Selection Mode IE.</summary>
    Absent = 0xFF,
}
