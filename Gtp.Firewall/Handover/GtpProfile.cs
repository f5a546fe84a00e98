using Gtp.Firewall.Limits;

namespace Gtp.Firewall.Handover;

/// <summary>A GTP inspection profile (Junos <c>security gprs gtp profile</c>).</summary>
public sealed record GtpProfile(string Name, bool HandoverOnRoamingInterface, IReadOnlyList<HandoverGroup> HandoverGroups)
{
    /// <summary>Used by a permitting policy without a GTP profile: inspection without handover groups or setup.</summary>
    public static GtpProfile Default { get; } = new("(none)", false, []);

    /// <summary>Rate limits, APN/IMSI-prefix filtering and the per-GSN tunnel limit (docs/gtp-firewall.md).</summary>
    public ProfileLimits Limits { get; init; } = ProfileLimits.None;

    /// <summary>Message type and length filters and the GTP-U checks (docs/gtp-firewall.md §8).</summary>
    public Filtering.MessageFilter Filter { get; init; } = Filtering.MessageFilter.None;
}
