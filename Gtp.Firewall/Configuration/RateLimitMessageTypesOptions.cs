namespace Gtp.Firewall.Configuration;

/// <summary>Message type numbers per GTP version (TS 09.60 §7.1, TS 29.060 §7.1, TS 29.274 §6.1), each 1-255.</summary>
public sealed class RateLimitMessageTypesOptions
{
    public List<int> V0 { get; set; } = new();
    public List<int> V1 { get; set; } = new();
    public List<int> V2 { get; set; } = new();
}
