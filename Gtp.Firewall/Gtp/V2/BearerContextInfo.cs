namespace Gtp.Firewall.Gtp.V2;

/// <summary>
/// What the firewall reads from one Bearer Context IE (93; TS 29.274 §8.28): the EBI, one user-plane F-TEID (the
/// instance the message defines for the sender's side, else the first present), and whether a bearer-level Cause
/// accepted it (absent = accepted), and the PGW's Charging ID (94) when present.
/// </summary>
public readonly record struct BearerContextInfo(byte Ebi, FullyQualifiedTeid UserFTeid, bool Accepted, uint? ChargingId = null)
{
    public bool HasUserFTeid => !UserFTeid.Address.IsNone;
}
