using Gtp.Firewall.Handover;
using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Policies;

/// <summary>A zone → zone security policy for application GTP, with its GTP profile.</summary>
public sealed record PolicyRule(
    string Name,
    int FromZone,
    int ToZone,
    IReadOnlyList<AddressMatcher> Sources,
    IReadOnlyList<AddressMatcher> Destinations,
    bool Permit,
    GtpProfile Profile)
{
    public bool Matches(int fromZone, int toZone, IpAddress128 source, IpAddress128 destination)
        => fromZone == FromZone && toZone == ToZone && AnyContains(Sources, source) && AnyContains(Destinations, destination);

    private static bool AnyContains(IReadOnlyList<AddressMatcher> matchers, IpAddress128 address)
    {
        for (var i = 0; i < matchers.Count; i++)
        {
            if (matchers[i].Contains(address))
            {
                return true;
            }
        }
        return false;
    }
}
