namespace Gtp.Firewall.Logging;

public sealed class NullFirewallLog : IFirewallLog
{
    public static NullFirewallLog Instance { get; } = new();

    public void Write(in FirewallLogEntry entry)
    {
    }
}
