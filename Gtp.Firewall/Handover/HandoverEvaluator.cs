using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Handover;

/// <summary>
/// The Juniper handover-group decision (docs/gtp-firewall.md §3): current and proposed SGSN/SGW both in one of the profile's
/// groups → allowed; each in a group but never in the same one → denied; otherwise <c>handover-default</c>.
/// </summary>
public static class HandoverEvaluator
{
    public static HandoverDecision Decide(GtpProfile profile, bool defaultPermit, IpAddress128 current, IpAddress128 proposed, out HandoverBasis basis)
    {
        var groups = profile.HandoverGroups;
        var currentInAny = false;
        var proposedInAny = false;
        for (var i = 0; i < groups.Count; i++)
        {
            var hasCurrent = groups[i].Members.Contains(current);
            var hasProposed = groups[i].Members.Contains(proposed);
            if (hasCurrent && hasProposed)
            {
                basis = HandoverBasis.SameGroup;
                return HandoverDecision.Allowed;
            }
            currentInAny |= hasCurrent;
            proposedInAny |= hasProposed;
        }
        if (currentInAny && proposedInAny)
        {
            basis = HandoverBasis.CrossGroup;
            return HandoverDecision.Denied;
        }
        basis = HandoverBasis.Default;
        return defaultPermit ? HandoverDecision.Allowed : HandoverDecision.Denied;
    }
}
