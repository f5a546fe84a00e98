namespace Gtp.Firewall.Configuration;

public sealed class PolicyOptions
{
    public string Name { get; set; } = "";
    public string FromZone { get; set; } = "";
    public string ToZone { get; set; } = "";
    public List<string> SourceAddresses { get; set; } = new();
    public List<string> DestinationAddresses { get; set; } = new();
    public List<string> Applications { get; set; } = new();
    public string Action { get; set; } = "deny";
    public string? GtpProfile { get; set; }
}
