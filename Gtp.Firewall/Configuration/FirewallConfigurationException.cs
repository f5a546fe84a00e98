namespace Gtp.Firewall.Configuration;

/// <summary>A configuration error: one line naming the offending key.</summary>
public sealed class FirewallConfigurationException(string key, string problem)
    : Exception($"{key}: {problem}")
{
    public string Key { get; } = key;
}
