namespace Gtp.Firewall.Limits;

/// <summary>A set of <see cref="SelectionMode"/> values a <c>selection</c> rule lets through.</summary>
[Flags]
public enum SelectionModes : byte
{
    None = 0,
    Verified = 1 << SelectionMode.Verified,
    MsProvided = 1 << SelectionMode.MsProvided,
    NetworkProvided = 1 << SelectionMode.NetworkProvided,
}
