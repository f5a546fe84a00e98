namespace Gtp.Firewall.Configuration;

public sealed class ZoneOptions
{
    public List<string> Interfaces { get; set; } = new();
    /// <summary>Prefixes whose addresses belong to this zone (how a capture's packets are assigned to zones).</summary>
    public List<string> Networks { get; set; } = new();
}
