namespace Gtp.Firewall.Handover;

/// <summary>Which rule of the Juniper decision model decided a handover.</summary>
public enum HandoverBasis : byte
{
    None = 0,
    /// <summary>Current and proposed node in one group of the profile.</summary>
    SameGroup,
    /// <summary>Current and proposed node in two different groups: never allowed.</summary>
    CrossGroup,
    /// <summary>Neither rule applied (or the profile has no group): <c>handover-default</c>.</summary>
    Default,
}
