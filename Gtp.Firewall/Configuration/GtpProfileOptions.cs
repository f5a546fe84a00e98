namespace Gtp.Firewall.Configuration;

public sealed class GtpProfileOptions
{
    /// <summary>Junos <c>handover-on-roaming-intf</c>: set up PDP contexts/bearers from handover messages.</summary>
    public bool HandoverOnRoamingInterface { get; set; }
    public List<string> HandoverGroups { get; set; } = new();
}
