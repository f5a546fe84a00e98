namespace Gtp.Firewall.Limits;

/// <summary>An <see cref="ApnFilter"/> decision; <see cref="Rule"/> is null when no rule matched (the message passes).</summary>
public readonly record struct ApnFilterVerdict(DropReason Reason, ApnFilterRule? Rule)
{
    public bool Pass => Reason == DropReason.None;
}
